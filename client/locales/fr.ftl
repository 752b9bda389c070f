# Messages de la ligne de commande Amicus, français.

## Erreurs
err-no-profile = Il n'y a pas de profil Amicus dans { $dir }. Créez-en un avec `amicus init`, ou indiquez le vôtre avec --profile.
err-profile-exists = Un profil existe déjà dans { $dir }. Rien n'a été modifié. Utilisez-le, ou choisissez un autre dossier avec --profile.
err-wrong-passphrase = La phrase de passe est incorrecte. Rien n'a été modifié ; réessayez (vérifiez la disposition du clavier et la touche Verr. Maj).
err-wrong-passphrase-left = La phrase de passe est incorrecte. Rien n'a été modifié. Après { $left } autre(s) essai(s) erroné(s), ce profil sera effacé.
err-wiped-after-failures = Trop de phrases de passe erronées : le profil a été effacé, comme sa ou son propriétaire l'avait demandé. Rien ne peut en être récupéré.
err-passphrase-short = Cette phrase de passe est trop courte. Choisissez-en une d'au moins { $min } caractères ; plusieurs mots sans rapport entre eux conviennent bien.
err-corrupt = Une partie de votre stockage local est endommagée ou a été altérée ({ $what }). Amicus a refusé de l'utiliser. Ne supprimez rien ; demandez de l'aide au support du Centre.
err-storage = Amicus n'a pas pu écrire dans le stockage de cet appareil ({ $detail }). Rien de ce qui était déjà enregistré n'a été perdu. Libérez de l'espace ou vérifiez les droits d'accès, puis réessayez.
err-unreachable = Impossible de joindre le relais à { $addr }. Rien n'a été perdu : ce qui est dans votre boîte d'envoi y reste et `amicus sync` l'enverra quand la connexion fonctionnera. Un briefing à une personne à qui vous n'avez jamais écrit a besoin de la connexion pour partir ; s'il n'est pas dans `amicus outbox`, renvoyez-le plus tard.
err-pin-mismatch = Le relais n'a pas prouvé qu'il est celui qu'on vous a indiqué (sa clé ne correspond pas à l'empreinte). Amicus ne s'est pas connecté. Vérifiez l'adresse et l'empreinte du relais auprès de la personne qui vous a invité·e ; quelqu'un intercepte peut-être la connexion.
err-unexpected = Le relais a répondu d'une façon qu'Amicus ne comprend pas. Rien n'a été perdu. Il utilise peut-être une autre version ; réessayez plus tard ou contactez son opérateur.
err-bad-card = Ce n'est pas une carte de contact valide. Copiez la carte entière (elle commence par `amicus:`) et réessayez.
err-unknown-contact = Vous n'avez pas de contact nommé « { $name } ». Voyez vos contacts avec `amicus contacts list`.
err-contact-exists = Vous avez déjà ce contact (ou un contact nommé « { $name } »). Rien n'a été modifié.
err-identity-changed = Le numéro de sécurité de « { $name } » a changé. Rien n'a été envoyé. Cela arrive quand la personne réinstalle Amicus, mais cela peut aussi signifier qu'on se fait passer pour elle. Comparez le nouveau numéro avec elle par un autre moyen (`amicus contacts verify { $name }`), puis confirmez-le.
err-other-relay = « { $name } » utilise un autre relais que le vôtre. Cette version ne peut envoyer que par votre propre relais ; demandez-lui une carte de contact de votre relais.
err-too-large = Le briefing est trop long pour être envoyé comme message ({ $len } octets ; la limite est { $max }). Raccourcissez-le ou divisez-le en plusieurs briefings. Rien n'a été envoyé.
err-no-message = Il n'y a pas de message numéro { $number }. Voyez vos messages avec `amicus inbox`.
err-unknown-recipient = Le relais ne connaît pas la boîte de ce destinataire. Rien n'a été envoyé. Vérifiez que sa carte de contact est à jour.
err-not-registered = Votre profil n'est pas encore enregistré auprès du relais. Lancez `amicus sync` quand vous serez en ligne.
err-signal = Une étape de chiffrement a échoué. Rien n'a été envoyé ni supprimé. Réessayez ; si cela continue, relancez avec --verbose et demandez de l'aide.
err-input = { $text }.
err-no-passphrase = Aucune phrase de passe n'a été donnée. Lancez Amicus dans un terminal, ou définissez AMICUS_PASSPHRASE ou --passphrase-file.
err-passphrases-differ = Les deux phrases de passe diffèrent. Rien n'a été créé.
err-bad-pin = L'empreinte doit être les 64 caractères hexadécimaux affichés par le relais.
err-cannot-read = Impossible de lire { $path } : { $detail }.
err-no-recipient = Indiquez au moins un destinataire avec --to.
err-own-card = C'est votre propre carte de contact.
err-empty-name = Le contact a besoin d'un nom.
err-bad-name = Le nom doit faire de 1 à 128 octets.
err-demo-leaks = La démonstration a trouvé des fuites (listées ci-dessus).
err-not-confirmed = Non confirmé : rien n'a été effacé.
err-start = Amicus n'a pas pu démarrer : { $detail }
relay-quota = La boîte du destinataire sur le relais est pleine. Votre briefing est conservé sur cet appareil et sera renvoyé ; essayez `amicus sync` plus tard.
relay-rate = Le relais a demandé à Amicus de ralentir. Rien n'a été perdu ; réessayez dans une minute.
relay-storage = Le relais n'a pas pu enregistrer les données de façon sûre pour le moment (son disque est peut-être plein). Rien n'a été perdu ; réessayez plus tard.
relay-auth = Le relais n'a pas accepté la preuve de propriété de ce profil. Rien n'a été perdu. Réessayez ; si cela persiste, contactez l'opérateur du relais.
relay-other = Le relais a refusé la demande ({ $code }). Rien n'a été perdu. Réessayez plus tard.
detail = (détail : { $detail })

## Invites
prompt-passphrase = Phrase de passe :{" "}
prompt-new-passphrase = Choisissez une phrase de passe :{" "}
prompt-repeat-passphrase = Tapez-la encore une fois :{" "}
prompt-subject = Objet :{" "}
prompt-body = Tapez le briefing. Terminez par une ligne contenant seulement un point (.), ou Ctrl-D.
prompt-wipe = Cela détruit définitivement le profil dans { $dir }. Tapez { $word } pour confirmer :{" "}
wipe-word = EFFACER

## Démarrage guidé
guide-no-profile = Vous n'avez pas encore de profil Amicus (cherché dans { $dir }).
guide-no-profile-next = Pour commencer, créez-en un avec l'adresse et l'empreinte du relais qu'on vous a données :
guide-no-profile-example = amicus init --name "Votre nom" --relay HÔTE:PORT --pin EMPREINTE
guide-locked = Votre profil dans { $dir } est verrouillé.
guide-locked-next = Déverrouillez-le en lançant une commande, par exemple `amicus inbox`. Voyez toutes les commandes avec `amicus --help`.
guide-status = Profil « { $name } » : { $unread } briefing(s) non lu(s), { $outbox } en attente dans votre boîte d'envoi, { $contacts } contact(s).
guide-next-unread = Lisez-les avec `amicus inbox` puis `amicus read NUMÉRO`.
guide-next-sync = Recevez les nouveaux briefings et envoyez ceux en attente avec `amicus sync`.
guide-next-send = Écrivez un briefing avec `amicus send --to NOM`.

## init
init-deriving = Dérivation de votre clé et création de votre profil (cela prend un instant)...
init-created = Profil créé dans { $dir }.
init-not-registered = Il n'est pas encore enregistré auprès du relais ; lancez `amicus sync` une fois en ligne.
init-card = Votre carte de contact (à donner aux personnes qui vous écriront) :

## contacts
contact-added = { $name } ajouté·e.
safety-number = Numéro de sécurité : { $number }
safety-number-with = Numéro de sécurité avec { $name } : { $number }
contact-compare = Comparez-le avec { $name } par un autre moyen, puis lancez `amicus contacts verify "{ $name }" --confirm`.
contact-none = Pas encore de contacts. Ajoutez-en un avec `amicus contacts add <carte>`.
contact-state-changed = NUMÉRO DE SÉCURITÉ CHANGÉ : vérifiez avant d'envoyer
contact-state-verified = vérifié
contact-state-unverified = non vérifié
contact-line = { $name }  ({ $state })
contact-changed-warning = ATTENTION : le numéro de sécurité de { $name } a CHANGÉ.
contact-verified = { $name } est marqué·e comme vérifié·e.
contact-confirm-hint = S'il correspond à ce que voit { $name }, relancez avec --confirm.
contact-saved-sender = L'expéditeur du message { $number } est enregistré sous le nom { $name }.
contact-compare-sender = Comparez-le avec la personne avant de vous fier à son identité.

## envoi, synchronisation, réception
send-progress = Chiffrement et envoi à { $count } destinataire(s)...{" "}
send-delivered = Remis au relais pour { $name }.
send-waiting = Conservé dans votre boîte d'envoi pour { $name } ({ $reason }) ; il sera renvoyé par `amicus sync`.
sync-sent = { $count } briefing(s) envoyé(s) depuis votre boîte d'envoi.
sync-waiting = { $count } briefing(s) attendent encore dans votre boîte d'envoi.
sync-received = { $count } nouveau(x) briefing(s).
sync-quarantined = { $count } enveloppe(s) illisible(s) mise(s) de côté : voyez `amicus quarantine`.
sync-auto-deleted = { $count } briefing(s) lu(s) plus ancien(s) que votre durée de conservation ont été supprimé(s).
inbox-empty = Aucun briefing. Recevez-en avec `amicus sync`.
inbox-line = { $number } { $mark } { $time }  de { $from }  { $subject }
unknown-sender = expéditeur inconnu { $id }
read-from = De :     { $from }
read-key-warning = ATTENTION : envoyé avec une clé différente du numéro de sécurité du contact.
read-sent = Envoyé : { $time }
read-subject = Objet :  { $subject }
outbox-empty = Votre boîte d'envoi est vide : tout a été remis au relais.
outbox-not-sent = pas encore envoyé
outbox-line = { $number }  à { $name }  { $subject }  ({ $why })
quarantine-empty = Rien en quarantaine.
quarantine-line = { $number }  { $size } octets  { $reason }

## réglages et effacement
settings-shown = Effacement après phrases de passe erronées : { $wipe }. Suppression des briefings lus après : { $days }.
settings-off = désactivé
settings-attempts = { $count } essais
settings-days = { $count } jours
settings-saved = Réglages enregistrés.
wiped = Le profil a été effacé. Rien ne peut en être récupéré, même avec la phrase de passe.

## démonstration
demo-relay = 1. Relais intégré démarré sur { $addr }
demo-pin = empreinte du relais : { $pin }
demo-profiles = 2. Deux profils créés, chacun avec sa propre identité libsignal et son stockage chiffré
demo-cards = 3. Cartes de contact échangées. Numéros de sécurité :
demo-defender-sees = la défenseure voit { $number }
demo-member-sees = le membre voit     { $number }
demo-match = ils correspondent : personne ne s'est interposé
demo-mismatch = ILS NE CORRESPONDENT PAS
demo-sent = 4. La défenseure a envoyé un briefing scellé ; le relais en a accusé réception de façon durable ({ $count } remis)
demo-holds = 5. Ce que le relais détient pour la boîte du membre :
demo-envelope = enveloppe de { $size } octets (complétée), commençant par { $preview }...
demo-searched = 6. Recherche dans { $files } fichiers du relais et { $bytes } octets de son journal :
demo-needle-subject = l'objet du briefing
demo-needle-body = le texte du briefing
demo-needle-name = le nom de l'expéditrice
demo-needle-key = la clé d'identité de l'expéditrice
demo-needle-mailbox = l'identifiant de boîte de l'expéditrice
demo-needle-mailbox-hex = l'identifiant de boîte de l'expéditrice (hex)
demo-not-found = { $what } : introuvable
demo-found = { $what } : TROUVÉ dans { $where }
demo-fetched = 7. Le membre a reçu { $count } briefing, l'a enregistré, puis a laissé le relais le supprimer :
demo-from = de :    { $from }
demo-subject = objet : { $subject }
demo-body = texte : { $body }
demo-left = 8. Enveloppes restant sur le relais : { $count }
demo-ok = Résultat : le relais n'a détenu que du texte chiffré et n'a jamais su qui l'avait envoyé.
demo-leaks = Résultat : FUITES TROUVÉES (voir ci-dessus).
demo-briefing-subject = CANARY-SUBJECT : détention arbitraire d'avocats
demo-briefing-body = CANARY-BODY : le 3 mars, trois avocats représentant des manifestants ont été détenus sans inculpation (articles 9 et 14 du PIDCP).

## aide
help-about = Envoyer des briefings scellés au Comité des droits de l'homme de l'ONU
help-init = Créer votre profil et l'enregistrer auprès de votre relais.
help-card = Afficher votre carte de contact, à donner aux personnes qui vous écriront.
help-contacts = Gérer les contacts.
help-contacts-add = Ajouter un contact à partir de sa carte de contact.
help-contacts-save-sender = Enregistrer comme contact l'expéditeur d'un briefing reçu, pour lui répondre.
help-contacts-list = Lister les contacts.
help-contacts-verify = Afficher le numéro de sécurité partagé avec un contact ; avec --confirm, le marquer comme vérifié.
help-send = Envoyer un briefing (le texte vient de --body, de --body-file, ou est tapé).
help-sync = Envoyer ce qui attend dans la boîte d'envoi et recevoir les nouveaux briefings.
help-inbox = Lister les briefings reçus.
help-read = Afficher un briefing reçu.
help-outbox = Lister les briefings en attente d'envoi.
help-quarantine = Lister les enveloppes qui n'ont pas pu être déchiffrées, avec la raison.
help-settings = Afficher ou modifier les réglages de sécurité (effacement après phrases de passe erronées, suppression des briefings lus).
help-wipe = Détruire ce profil immédiatement ; rien ne peut être récupéré, même avec la phrase de passe.
help-demo = Lancer une démonstration complète sur un relais intégré (aucune installation nécessaire).

## raisons courtes (boîte d'envoi)
reason-unreachable = relais injoignable
reason-quota = boîte du destinataire pleine
reason-too-large = trop grand pour ce relais
reason-unknown-recipient = destinataire inconnu du relais
reason-storage = stockage du relais indisponible
reason-rate = le relais demande de ralentir
reason-other = refusé par le relais ({ $code })

## aide : options et titres
help-commands = Commandes
help-options = Options
arg-profile = Dossier du profil (par défaut : $AMICUS_PROFILE, ou ~/.amicus).
arg-passphrase-file = Lire la phrase de passe dans ce fichier au lieu de la demander.
arg-verbose = Afficher les détails techniques avec les erreurs.
arg-lang = Langue : en, fr ou es (par défaut : $AMICUS_LANG ou celle du système).
arg-init-name = Votre nom tel que vos contacts le verront d'abord.
arg-init-relay = L'adresse du relais, hôte:port.
arg-init-pin = L'empreinte du relais (64 caractères hexadécimaux), donnée par la personne qui vous a invité·e.
arg-card = La carte de contact (elle commence par amicus:).
arg-contact-name = Le nom du contact.
arg-add-name = Nom à utiliser à la place de celui de la carte.
arg-message = Le numéro de message affiché par `amicus inbox`.
arg-confirm = Vous avez comparé les numéros avec le contact et ils correspondent.
arg-to = Contact destinataire (à répéter pour plusieurs).
arg-subject = L'objet du briefing (demandé s'il manque).
arg-body = Le texte du briefing.
arg-body-file = Lire le texte du briefing dans ce fichier.
arg-wipe-after = Effacer le profil après ce nombre de phrases de passe erronées de suite (0 : jamais).
arg-delete-read-after = Supprimer les briefings lus après ce nombre de jours (0 : les garder).
arg-now = Effacer sans demander le mot de confirmation.
arg-help = Afficher cette aide.
arg-version = Afficher la version.
quarantine-undecryptable = indéchiffrable (endommagée, falsifiée ou rejouée)
quarantine-bad-sender = l'expéditeur n'a pas pu être identifié
quarantine-unreadable = déchiffrée, mais pas un briefing que cette version sait lire
quarantine-other = n'a pas pu être traitée
sync-progress = Envoi et réception des briefings...
