# Messages de la ligne de commande Amicus, français.

## Erreurs
err-no-profile = Il n'y a pas de profil Amicus dans { $dir }. Créez-en un avec `amicus init`, ou indiquez le vôtre avec --profile.
err-profile-exists = Un profil existe déjà dans { $dir }. Rien n'a été modifié. Utilisez-le, ou choisissez un autre dossier avec --profile.
err-wrong-passphrase = La phrase de passe est incorrecte. Rien n'a été modifié ; réessayez (vérifiez la disposition du clavier et la touche Verr. Maj).
err-wrong-passphrase-left = La phrase de passe est incorrecte. Rien n'a été modifié. { $left ->
        [one] Après { $left } autre essai erroné, ce profil sera effacé.
       *[other] Après { $left } autres essais erronés, ce profil sera effacé.
    }
err-wiped-after-failures = Trop de phrases de passe erronées : le profil a été effacé, comme sa ou son propriétaire l'avait demandé. Rien ne peut en être récupéré.
err-passphrase-short = Cette phrase de passe est trop courte. Choisissez-en une d'au moins { $min } caractères ; plusieurs mots sans rapport entre eux conviennent bien.
err-corrupt = Une partie de votre stockage local est endommagée ou a été altérée ({ $what }). Amicus a refusé de l'utiliser. Ne supprimez rien ; demandez de l'aide au support du Centre.
err-storage = Amicus n'a pas pu écrire dans le stockage de cet appareil ({ $detail }). Rien de ce qui était déjà enregistré n'a été perdu. Libérez de l'espace ou vérifiez les droits d'accès, puis réessayez.
err-unreachable = Impossible de joindre le relais à { $addr }. Rien n'a été perdu : ce que vous avez écrit est gardé sur cet appareil (`amicus outbox` l'affiche) et `amicus sync` l'enverra dès que la connexion fonctionnera. Vérifiez le réseau, ou l'adresse du relais qui vous a été donnée.
err-pin-mismatch = Le relais n'a pas prouvé qu'il est celui qu'on vous a indiqué (sa clé ne correspond pas à l'empreinte). Amicus ne s'est pas connecté. Vérifiez l'adresse et l'empreinte du relais auprès de la personne qui vous a invité·e ; quelqu'un intercepte peut-être la connexion.
err-unexpected = Le relais a répondu d'une façon qu'Amicus ne comprend pas. Rien n'a été perdu. Il utilise peut-être une autre version ; réessayez plus tard ou contactez son opérateur.
err-bad-card = Ce n'est pas une carte de contact valide. Copiez la carte entière (elle commence par `amicus:`) et réessayez.
err-unknown-contact = Vous n'avez pas de contact nommé « { $name } ». Voyez vos contacts avec `amicus contacts list`.
err-contact-exists = Vous avez déjà ce contact (ou un contact nommé « { $name } »). Rien n'a été modifié.
err-roster-name-taken = « { $name } » figure déjà sur la liste avec une autre clé. Une personne n'a qu'une entrée : rien n'a été modifié. Retirez d'abord l'ancienne entrée (`amicus roster remove`), puis ajoutez la nouvelle carte.
err-ambiguous-name = « { $name } » peut désigner plusieurs personnes : { $choices }. Rien n'a été modifié. Indiquez plutôt le début du numéro de la bonne personne (entre parenthèses).
err-identity-changed = Le numéro de sécurité de « { $name } » a changé. Rien n'a été envoyé. Cela arrive quand la personne réinstalle Amicus, mais cela peut aussi signifier qu'on se fait passer pour elle. Comparez le nouveau numéro avec elle par un autre moyen (`amicus contacts verify { $name }`), puis confirmez-le.
err-other-relay = « { $name } » utilise un autre relais que le vôtre. Cette version ne peut envoyer que par votre propre relais ; demandez-lui une carte de contact de votre relais. Rien n'a été ajouté ni envoyé.
err-too-large = Le briefing est trop long pour être envoyé comme message ({ $len } octets ; la limite est { $max }). Raccourcissez-le ou divisez-le en plusieurs briefings. Rien n'a été envoyé.
err-no-message = Il n'y a pas de message numéro { $number }. Voyez vos messages avec `amicus inbox`.
err-unknown-recipient = Le relais ne connaît pas la boîte de ce destinataire. Rien n'a été envoyé. Vérifiez que sa carte de contact est à jour.
err-not-registered = Votre profil n'est pas encore enregistré auprès du relais. Lancez `amicus sync` quand vous serez en ligne.
err-signal = Une étape de chiffrement a échoué. Rien n'a été envoyé ni supprimé. Réessayez ; si cela continue, relancez avec --verbose et demandez de l'aide.
err-input = { $text }.
err-no-passphrase = Aucune phrase de passe n'a été donnée. Lancez Amicus dans un terminal, ou définissez AMICUS_PASSPHRASE ou --passphrase-file.
err-passphrases-differ = Les deux phrases de passe diffèrent. Rien n'a été créé.
err-bad-pin = L'empreinte doit être les 64 caractères hexadécimaux affichés par le relais.
err-cannot-read = Impossible de lire { $path } : { $detail }. Rien n'a été envoyé ni modifié.
file-not-found = ce fichier ou dossier n'existe pas (vérifiez le nom et l'emplacement)
file-permission = cet ordinateur ne permet pas à Amicus de l'ouvrir (vérifiez qui peut le lire)
file-not-a-file = c'est un dossier, pas un fichier
file-no-space = le disque est plein
file-not-text = ce n'est pas du texte brut (enregistrez-le en .txt)
file-other = le système n'a pas pu le lire ou l'écrire
err-terminal = Impossible de lire ce que vous avez tapé ({ $detail }). Rien n'a été envoyé ni modifié ; relancez la commande.
err-interrupted = Arrêté. Votre briefing est gardé sur cet appareil, avec ce qui était déjà téléversé de ses pièces jointes ; `amicus sync` termine l'envoi. `amicus outbox` l'affiche.
err-app-not-started = Amicus n'a pas pu ouvrir sa page sur cet appareil ({ $detail }). Rien n'a changé ; les commandes fonctionnent toujours.
draft-kept = Votre briefing est gardé sur cet appareil, avec ce qui était déjà téléversé de ses pièces jointes : `amicus sync` l'envoie dès que le relais peut le prendre, et `amicus outbox` l'affiche.
err-unlock-failed = Ce terminal n'a pas pu rester déverrouillé ({ $detail }). Rien n'a changé : chaque commande demande la phrase secrète comme avant.
err-missing-name = Un nouveau profil a besoin de votre nom : ajoutez --name "Votre nom" (il figure sur votre carte de contact). Rien n'a été créé.
err-no-recipient = Indiquez au moins un destinataire avec --to.
err-too-many-recipients = Un briefing peut aller à { $max } personnes au plus à la fois. Rien n'a été gardé ni envoyé : envoyez-le par groupes plus petits.
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
detail = Détail technique pour la personne qui vous aide (codes laissés tels quels pour pouvoir être recherchés) : { $detail }

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
guide-status = Profil « { $name } ». Briefings non lus : { $unread }. En attente d'envoi : { $outbox }. Contacts : { $contacts }.
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
contact-state-roster = garanti par le Centre (sur sa liste signée)
contact-line = { $name }  ({ $state })
contact-changed-warning = ATTENTION : le numéro de sécurité de { $name } a CHANGÉ.
contact-verified = { $name } est marqué·e comme vérifié·e.
contact-confirm-hint = S'il correspond à ce que voit { $name }, relancez avec --confirm.
contact-saved-sender = L'expéditeur du message { $number } est enregistré sous le nom { $name }.
contact-compare-sender = Comparez-le avec la personne avant de vous fier à son identité.

## envoi, synchronisation, réception
send-progress = { $count ->
        [one] Chiffrement et envoi à { $count } destinataire...
       *[other] Chiffrement et envoi à { $count } destinataires...
    }{" "}
send-delivered = Remis au relais pour { $name }.
send-waiting = Conservé dans votre boîte d'envoi pour { $name } ({ $reason }) ; il sera renvoyé par `amicus sync`.
sync-sent = { $count ->
        [one] { $count } briefing envoyé depuis votre boîte d'envoi.
       *[other] { $count } briefings envoyés depuis votre boîte d'envoi.
    }
sync-waiting = { $count ->
        [one] { $count } briefing attend encore dans votre boîte d'envoi.
       *[other] { $count } briefings attendent encore dans votre boîte d'envoi.
    }
sync-received = { $count ->
        [one] { $count } nouveau briefing.
       *[other] { $count } nouveaux briefings.
    }
sync-quarantined = { $count ->
        [one] { $count } enveloppe illisible mise de côté : voyez `amicus quarantine`.
       *[other] { $count } enveloppes illisibles mises de côté : voyez `amicus quarantine`.
    }
sync-auto-deleted = { $count ->
        [one] { $count } briefing lu plus ancien que votre durée de conservation a été supprimé.
       *[other] { $count } briefings lus plus anciens que votre durée de conservation ont été supprimés.
    }
inbox-empty = Aucun briefing. Recevez-en avec `amicus sync`.
inbox-line = { $number } { $mark } { $time }  de { $from }  { $subject }
with-reference = { $text } (réf. { $reference })
unknown-sender = quelqu'un qui n'est pas dans vos contacts (réf. { $id })
read-from = De :     { $from }
read-key-warning = ATTENTION : envoyé avec une clé différente du numéro de sécurité du contact.
read-sent = Envoyé : { $time }
read-subject = Objet :  { $subject }
outbox-empty = Votre boîte d'envoi est vide : tout a été remis au relais.
outbox-not-sent = pas encore envoyé
outbox-not-sealed = gardé sur cet appareil, sera chiffré et envoyé quand le relais répondra
outbox-draft = gardé sur cet appareil ; ses pièces jointes sont téléversées et il est envoyé au prochain `amicus sync`
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
unlocked = Ce terminal reste déverrouillé pendant { $minutes } minutes : les commandes lancées ici ne demanderont pas la phrase secrète. `amicus lock` y met fin tout de suite ; fermer le terminal aussi.
locked = { $count ->
        [one] Verrouillé : { $count } terminal déverrouillé a oublié la clé. Chaque commande redemande la phrase secrète.
       *[other] Verrouillé : { $count } terminaux déverrouillés ont oublié la clé. Chaque commande redemande la phrase secrète.
    }
unlocked-by-agent = (Déverrouillé dans ce terminal par `amicus unlock` : aucune phrase secrète n'est demandée. Ne la tapez pas maintenant.)

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
demo-needle-sender-uuid = l'UUID de l'expéditrice (dans son certificat d'expédition scellée)
demo-not-found = { $what } : introuvable
demo-found = { $what } : TROUVÉ dans { $where }
demo-fetched = 7. Le membre a reçu { $count } briefing, l'a enregistré, puis a laissé le relais le supprimer :
demo-from = de :    { $from }
demo-subject = objet : { $subject }
demo-body = texte : { $body }
demo-left = 8. Enveloppes restant sur le relais : { $count } ; pièces jointes restantes : { $blobs }
demo-attached = avec une pièce jointe : { $size } octets, chiffrée une fois et envoyée par morceaux ({ $stored } octets sur le relais, avec bourrage)
demo-needle-attachment = le contenu de la pièce jointe
demo-needle-file-name = le nom de fichier de la pièce jointe
demo-attachment-saved = le membre a enregistré la pièce jointe : { $size } octets, identique à l'original ; le relais l'a ensuite supprimée
demo-attachment-differs = LA PIÈCE JOINTE ENREGISTRÉE DIFFÈRE DE L'ORIGINAL
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
help-usage = Utilisation :
clap-invalid-value = « { $value } » n'est pas une valeur possible pour { $arg }. Rien n'a été fait.
clap-empty-value = { $arg } doit être suivi d'une valeur. Rien n'a été fait.
clap-unknown-argument = { $arg } n'est pas une option de cette commande. Rien n'a été fait.
clap-unknown-command = « { $value } » n'est pas une commande d'Amicus. Rien n'a été fait.
clap-missing = Il manque quelque chose : { $arg }. Rien n'a été fait.
clap-conflict = { $arg } ne peut pas être utilisé avec { $other }. Rien n'a été fait.
clap-other = Cette commande est incomplète ou n'est pas écrite comme Amicus l'attend. Rien n'a été fait.
clap-more = Pour voir ce qu'il lui faut : { $command } --help
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
help-unlock = Garder ce terminal déverrouillé un moment (la phrase secrète est demandée une fois)
help-lock = Oublier la clé tout de suite dans tous les terminaux déverrouillés
help-app = Ouvrir Amicus dans votre navigateur : tout, sans terminal
help-agent-serve = (interne) L'agent de déverrouillage, lancé par `amicus unlock`
arg-minutes = Combien de minutes ce terminal reste déverrouillé (15 par défaut, 480 au plus)
arg-shell = (interne) Le shell auquel appartient le déverrouillage
arg-version = Afficher la version.
quarantine-undecryptable = indéchiffrable (endommagée, falsifiée ou rejouée)
quarantine-bad-sender = l'expéditeur n'a pas pu être identifié
quarantine-unreadable = déchiffrée, mais pas un briefing que cette version sait lire
quarantine-other = n'a pas pu être traitée
quarantine-too-old = écrite par une version d'Amicus plus ancienne que celles que celle-ci lit : demandez à l'expéditeur de mettre Amicus à jour et de la renvoyer
quarantine-too-new = écrite par une version d'Amicus plus récente : mettez Amicus à jour, puis demandez à l'expéditeur de la renvoyer
quarantine-not-enrolled = un briefing que le Centre vous a présenté, mais ce profil n'est pas inscrit auprès du Centre : demandez une invitation au Centre et lancez `amicus enrol CODE`, puis demandez-lui de le présenter à nouveau
sync-progress = Envoi et réception des briefings...

## Les flux du Centre : inscription, liste, invitations, mandats, présentation, accusés
help-enrol = Créer votre profil à partir du code d'invitation que le Centre vous a remis
help-sent = Lister les notes que vous avez envoyées, avec leurs accusés
help-revoke = Retirer le mandat de présentation donné avec une note envoyée
help-mandates = (Personnel du Centre) Lister les mandats que des défenseurs vous ont donnés
help-present = (Personnel du Centre) Présenter une note à un membre du Comité au nom du défenseur
help-ask = Poser une question complémentaire sur une note que le Centre vous a présentée
help-answer = Répondre à une question que le Centre vous a transmise
help-centre = (Administrateur du Centre) La clé racine du Centre
help-centre-init = Créer la clé racine du Centre dans ce profil et publier la première liste
help-centre-root = Afficher la clé racine du Centre (pour la configuration du relais)
help-roster = La liste signée par le Centre des membres du Comité et du personnel
help-roster-show = Récupérer, vérifier et afficher la liste
help-roster-add = (Administrateur du Centre) Ajouter un membre ou du personnel à la liste depuis sa carte de contact
help-roster-remove = (Administrateur du Centre) Retirer quelqu'un de la liste
help-invite = (Personnel du Centre) Créer un code d'invitation à usage unique
arg-code = Le code d'invitation (commence par amicus-invite:)
arg-state = L'État partie concerné
arg-session = La session du Comité
arg-stage = Étape de l'examen : loipr (liste de points avant la soumission du rapport), loi (liste de points), dialogue (avec l'État) ou follow-up (suivi)
arg-articles = Articles du Pacte concernés, par exemple « 9, 14 »
arg-language = Langue du texte : en, fr ou es
arg-confidentiality = confidential (par défaut), quotable ou public
arg-mandate = Donner au Centre un mandat pour présenter cette note en votre nom
arg-present-by = Personnel du Centre autorisé à la présenter (répéter ; par défaut : tout le personnel)
arg-present-to = Membres du Comité à qui elle peut être présentée (répéter ; par défaut : tout membre)
arg-attribution = Comment vous êtes nommé : anonymous (par défaut), pseudonym:NOM, organisation:NOM ou named:NOM
arg-allow-attachments = Autoriser le Centre à partager aussi les pièces jointes
arg-mandate-days = Durée du mandat en jours (90 par défaut)
arg-sent-number = Le numéro affiché par `amicus sent`
arg-submission = Le numéro de la note dans votre boîte de réception
arg-present-member = Le membre du Comité à qui la présenter
arg-with-attachments = Partager aussi les pièces jointes (seulement si le mandat le permet)
arg-question = Votre question
arg-answer = Votre réponse
arg-intake-name = Le nom de l'accueil du Centre affiché sur la liste
arg-role = Le rôle : member ou staff (liste) ; defender, member ou staff (invitation)
arg-roster-name = Le nom affiché sur la liste (par défaut : celui de la carte)
arg-term-end = Fin du mandat, au format AAAA-MM-JJ
arg-roster-remove-name = Le nom sur la liste
arg-days = Nombre de jours de validité de l'invitation (7 par défaut, 90 au plus)
arg-read-receipts = Prévenir le Centre quand vous ouvrez une note présentée : on ou off
err-bad-stage = L'étape de l'examen doit être : loipr (liste de points avant la soumission du rapport), loi (liste de points), dialogue ou follow-up (suivi). Rien n'a été envoyé.
err-bad-articles = Les articles doivent être des nombres de 1 à 53, séparés par des virgules.
err-bad-language = La langue doit être en, fr ou es.
err-bad-confidentiality = La confidentialité doit être confidential, quotable ou public.
err-bad-attribution = L'attribution doit être anonymous, pseudonym:NOM, organisation:NOM ou named:NOM.
err-bad-roster-role = Le rôle sur la liste doit être member ou staff.
err-bad-date = La date doit s'écrire AAAA-MM-JJ.
err-bad-invite-role = Le rôle de l'invitation doit être defender, member ou staff.
err-centre-exists = Ce profil détient ou suit déjà une clé racine du Centre. Rien n'a été modifié.
err-not-centre-admin = Seul le profil de l'administrateur du Centre détient la clé racine qui signe la liste.
err-no-centre = Ce profil ne connaît pas la clé racine du Centre. Inscrivez-vous avec une invitation du Centre.
err-invitation-days = Une invitation peut être valable de 1 à { $max } jours.
err-mandate-days = Un mandat doit durer au moins un jour.
err-bad-invitation = Ce n'est pas un code d'invitation valide. Copiez le code entier (il commence par `amicus-invite:`) et réessayez.
err-not-submission = Le message { $number } n'est pas une note qui vous a été envoyée avec un mandat.
err-not-presentation = Le message { $number } n'est pas une note que le Centre vous a présentée.
err-not-question = Le message { $number } n'est pas une question.
err-not-centre = « { $name } » ne fait pas partie du personnel du Centre sur la liste. Rien n'a été envoyé.
err-not-member = « { $name } » n'est pas membre du Comité sur la liste du Centre. Rien n'a été envoyé.
err-not-staff = Seul le personnel du Centre inscrit sur la liste peut présenter des notes.
err-no-mandate = La note envoyée { $number } n'avait pas de mandat ; il n'y a rien à révoquer.
err-already-revoked = Ce mandat est déjà révoqué.
roster-not-signed = Amicus a refusé la version { $version } de la liste : elle n'est pas signée par la clé racine du Centre. Quelqu'un tente peut-être de se faire passer pour des membres du Comité. Vos contacts n'ont pas été modifiés ; prévenez le Centre.
roster-older = Amicus a refusé la liste : le relais en propose une plus ancienne que la version { $seen }, déjà vue sur cet appareil. Quelqu'un la fait peut-être revenir en arrière. Vos contacts n'ont pas été modifiés ; prévenez le Centre.
roster-fork = Amicus a refusé la version { $version } de la liste : elle diffère de celle déjà vue sur cet appareil. Vos contacts n'ont pas été modifiés ; prévenez le Centre.
roster-gap = Amicus a refusé la liste : la version { $expected } était attendue, le relais a envoyé la { $found }. Vos contacts n'ont pas été modifiés.
roster-malformed = Amicus a refusé la liste : elle est endommagée. Vos contacts n'ont pas été modifiés.
roster-refused = ATTENTION : { $reason }
roster-key-changed = ATTENTION : la liste du Centre donne une nouvelle clé à « { $name } ». Les notes qui lui sont destinées utilisent désormais la nouvelle clé. Si vous ne vous y attendiez pas, comparez les numéros de sécurité avec cette personne (`amicus contacts verify "{ $name }"`).
roster-version = Liste, version { $version } :
roster-term = (fin du mandat le { $date })
roster-line =   { $name } : { $role } { $term }
roster-published = Version { $version } de la liste signée et publiée.
mandate-not-named-staff = Vous ne faites pas partie du personnel que ce défenseur a nommé dans le mandat. Rien n'a été envoyé.
mandate-member-not-allowed = Le mandat ne permet pas de présenter la note à ce membre. Rien n'a été envoyé.
mandate-not-a-member = Cette personne n'est pas membre du Comité sur la liste. Rien n'a été envoyé.
mandate-expired = Le mandat a expiré. Rien n'a été envoyé ; demandez-en un nouveau au défenseur.
mandate-revoked = Le défenseur a révoqué ce mandat. Rien n'a été envoyé.
mandate-no-attachments = Le mandat ne permet pas de partager les pièces jointes. Rien n'a été envoyé ; présentez la note sans elles.
mandate-wrong-briefing = La note ne correspond pas au mandat. Rien n'a été envoyé.
relay-invitation-unknown = Le relais ne connaît pas cette invitation. Rien n'a été créé ; vérifiez le code avec le Centre.
relay-invitation-expired = Cette invitation a expiré. Rien n'a été créé ; demandez-en une nouvelle au Centre.
relay-invitation-used = Cette invitation a déjà été utilisée. Rien n'a été créé ; demandez-en une nouvelle au Centre (et prévenez-le si ce n'était pas vous).
relay-not-permitted = Le relais indique que ce profil ne peut pas faire cela (seul le personnel du Centre inscrit sur la liste le peut).
relay-roster-rejected = Le relais a refusé la liste : elle n'est pas signée par la racine du Centre ou ne suit pas la version actuelle.
relay-first-contact-busy = Trop de profils sont créés sans invitation en ce moment. Votre profil est enregistré ; `amicus sync` l'inscrira plus tard.
role-member = Membre du Comité
role-staff = Personnel du Centre
role-intake = Accueil du Centre
centre-created = La clé racine du Centre a été créée dans ce profil et la première liste a été publiée. Clé racine :
centre-config-hint = Le relais a pris cette clé comme celle du Centre avec la première liste : rien à configurer ni à redémarrer. (Un exploitant peut aussi l'inscrire dans la configuration du relais comme centre_root, pour qu'aucune autre clé ne puisse jamais la remplacer.) Gardez bien la phrase secrète de ce profil : elle protège la clé qui signe la liste.
invite-created = Invitation créée, { $days ->
        [one] valable { $days } jour,
       *[other] valable { $days } jours,
    } utilisable une seule fois. Ne la remettez qu'à la personne à qui elle est destinée :
sent-empty = Vous n'avez encore envoyé aucune note.
sent-line = { $number }  { $time }  { $title }  (à { $to })
sent-mandate-active = Mandat donné : le Centre peut la présenter.
sent-mandate-revoked = Mandat révoqué.
receipt-received = Reçue par le Centre ({ $time })
receipt-presented = Présentée à { $member } ({ $time })
receipt-read = Lue par { $member } ({ $time })
receipt-withdrawn = Retirée auprès de { $member } après votre révocation ({ $time })
revoke-sent = Révocation envoyée au Centre. Il retirera la note auprès de chaque membre à qui elle a été présentée.
mandates-empty = Aucun mandat.
mandate-line = { $number }  { $title }
mandate-presented = présentée à { $member } ({ $time })
enrol-done = Vous êtes inscrit. Votre profil se trouve dans { $dir }.
enrol-joined = Ce profil est désormais inscrit auprès du Centre : même identité et mêmes contacts qu'avant. Il se trouve dans { $dir }.
enrol-joining = Inscription auprès du Centre...
enrol-centre = Vous pouvez écrire au Centre : { $names }.
enrol-send-card = Remettez votre carte de contact au Centre pour qu'il vous ajoute à la liste :
sync-updates = { $count ->
        [one] { $count } accusé ou avis appliqué.
       *[other] { $count } accusés ou avis appliqués.
    }
sync-sent-on-behalf = { $count ->
        [one] { $count } message en attente (écrit quand le relais ne répondait pas, accusé, question ou réponse transmise) a été envoyé.
       *[other] { $count } messages en attente (écrits quand le relais ne répondait pas, accusés, questions et réponses transmises) ont été envoyés.
    }
mark-withdrawn = (retirée)
mark-presented = (présentée)
mark-mandate = (mandat)
mark-question = (question)
mark-answer = (réponse)
attribution-anonymous = une source anonyme
attribution-pseudonym = « { $name } » (un pseudonyme)
attribution-organisation = { $name }
mandate-any-staff = tout le personnel du Centre
mandate-any-member = tout membre du Comité
mandate-terms = Peut être présentée par { $staff } à { $members }, au nom de { $attribution }, jusqu'au { $expires }.
mandate-attachments-yes = Les pièces jointes peuvent être partagées.
mandate-attachments-no = Les pièces jointes ne peuvent pas être partagées.
mandate-revoked-at = Révoqué par le défenseur le { $time }.
facts-state = État partie : { $value }
facts-session = Session : { $value }
facts-stage = Étape de l'examen : { $value }
facts-articles = Articles du Pacte : { $value }
facts-language = Langue : { $value }
stage-none = non précisée
stage-loipr = Liste de points à traiter établie avant la soumission du rapport
stage-loi = Liste de points à traiter
stage-dialogue = Dialogue constructif
stage-follow-up = Suivi
confidentiality-confidential = Confidentiel : réservé aux destinataires.
confidentiality-quotable = Peut être cité sans nommer la source.
confidentiality-public = Peut être rendu public.
read-with-mandate = Le défenseur a donné un mandat pour la présenter :
read-presented = Présentée par le Centre ({ $staff }) au nom de { $attribution }.
read-briefing-hash = Code de contrôle du briefing (le même que dans le mandat du défenseur) : { $hash }
read-mandate-expires = Le mandat court jusqu'au { $time }.
read-withdrawn = RETIRÉE : la source a révoqué le mandat le { $time }. N'utilisez pas cette note.
read-ask-hint = Posez une question complémentaire par l'intermédiaire du Centre : amicus ask { $number } --text "..."
read-question = Une question de { $member }, transmise par le Centre. Cette personne ne sait pas qui vous êtes.
read-answer-hint = Pour y répondre : amicus answer { $number } --text "..."
read-answer = Une réponse de la source, transmise par le Centre.
settings-on = activé
settings-receipts = Accusés de lecture des notes présentées : { $state }.
demo-proxy-title = 9. Du côté du Centre : le Centre crée sa clé racine et sa liste signée, et inscrit un membre du Comité et un défenseur grâce à des invitations à usage unique.
demo-proxy-roster = version { $version } de la liste signée par le Centre et acceptée par chaque client
demo-proxy-title-canary = CANARY-TITLE : représailles contre des avocats ayant rencontré le Comité
demo-proxy-body-canary = CANARY-BODY : Deux avocats ont été radiés du barreau après le dernier examen.
demo-proxy-submitted = 10. Le défenseur a envoyé une note au Centre avec un mandat signé : la présenter au seul membre M, sous le pseudonyme « Witness K », sans pièces jointes.
demo-proxy-refused = La présenter avec ses pièces jointes, ce que le mandat n'autorise pas, est refusé : { $reason }
demo-proxy-presented = 11. Le personnel du Centre l'a présentée au membre M, dans les limites du mandat.
demo-proxy-member-sees = le membre voit : présentée par le Centre ({ $staff }) au nom de « { $attribution } »
demo-proxy-hidden = la copie du membre ne contient ni la boîte aux lettres ni la clé du défenseur
demo-proxy-not-hidden = LA COPIE DU MEMBRE NOMME LE DÉFENSEUR
demo-proxy-receipts = 12. Les accusés du défenseur, de bout en bout via le Centre :
demo-proxy-needle-state = l'État partie
demo-proxy-needle-attribution = le pseudonyme du mandat
demo-proxy-searched = 13. Nouvelle recherche dans les { $files } fichiers du relais et dans son journal :
sync-pending-on-behalf = { $count ->
        [one] { $count } message est gardé sur cet appareil en attendant le relais ; le prochain `amicus sync` l'enverra.
       *[other] { $count } messages sont gardés sur cet appareil en attendant le relais ; le prochain `amicus sync` les enverra.
    }

## Pièces jointes
err-attachment-file = Impossible d'utiliser le fichier { $path } : { $reason }.
err-file-changed = Le fichier { $path } a changé depuis le début de son envoi. Rien n'a été envoyé ; envoyez-le à nouveau et il sera transféré comme un nouveau fichier.
err-attachment-damaged = La pièce jointe « { $name } » a été abîmée ou modifiée en route et ne peut pas être ouverte. Rien n'a été enregistré ; demandez à l'expéditeur de la renvoyer.
err-attachment-too-large = Le fichier fait { $len } octets ; une pièce jointe ne peut dépasser { $max } octets.
err-no-attachment = Le message { $number } n'a pas de pièce jointe numéro { $index }.
relay-blob-too-large = Le fichier dépasse ce que le relais accepte. Découpez-le (par exemple une vidéo en parties) et envoyez les parties.
relay-blob-store-full = Le relais n'a pas de place pour ce fichier en ce moment. Rien n'est perdu ; réessayez plus tard ou contactez l'opérateur du relais.
relay-blob-unknown = Le relais ne détient plus cette pièce jointe (elle a expiré, ou tous les destinataires l'ont déjà récupérée). Demandez à l'expéditeur de la renvoyer.
relay-blob-transfer = Le transfert s'est désynchronisé avec le relais. Relancez la même commande : elle reprend à partir de ce que le relais détient.
transfer-paused = Connexion perdue. Reprise dans { $secs } s ; rien de ce qui a déjà été envoyé n'est renvoyé.
transfer-paused-full = Le relais n'a plus de place pour l'instant (son disque est plein ou défaillant). Rien n'est perdu : nouvel essai dans { $secs } s, et `amicus sync` terminera plus tard si cela dure.
transfer-paused-busy = Le relais demande d'attendre. Nouvel essai dans { $secs } s ; rien de ce qui a déjà été envoyé n'est renvoyé.
transfer-resumed = Reprise à { $done } sur { $total }.
attach-uploading = Envoi de { $name } (chiffré une seule fois pour tous les destinataires)
attach-downloading = Téléchargement de { $name }
attach-opening = Déchiffrement de { $name } dans son dossier
attach-saved = Enregistré : { $path }
attach-line = pièce jointe { $index } : { $name } ({ $size }){ $kept }
attach-kept = , sur cet appareil
attach-hint = Enregistrez les pièces jointes avec : amicus save { $number }
err-attachment-withheld = La pièce jointe « { $name } » n'a pas été présentée avec cette note ; seule sa description est montrée. Demandez-la au Centre si nécessaire.
err-incomplete-file = Le fichier « { $name } » n'est pas arrivé en entier ; il n'a donc pas été gardé. Rien d'autre n'est perdu : choisissez de nouveau le fichier.
err-staged-missing = Un fichier choisi pour ce briefing n'est plus gardé sur cet appareil. Votre texte est gardé : choisissez de nouveau le fichier.
help-save = Enregistrer les pièces jointes d'une note reçue (les télécharge si besoin ; reprend un téléchargement interrompu)
arg-attach = Joindre un fichier (répéter pour plusieurs) ; il est chiffré une fois et envoyé, avec reprise en cas de coupure
arg-attachment = Seulement cette pièce jointe (1 pour la première)
arg-into = Dossier où enregistrer (par défaut : le dossier courant)

## L'application web locale (`amicus app`)
web-title = Amicus
web-language = Langue
web-start-intro = Amicus transmet vos briefings au Comité des droits de l'homme de l'ONU et au Centre pour les droits civils et politiques, chiffrés sur cet appareil. Le relais qui les transporte ne voit que des enveloppes scellées.
web-create-title = Créer votre profil
web-create-help = Il vous faut l'adresse du relais et son code de vérification, donnés par la personne qui vous a remis Amicus. Choisissez une longue phrase secrète dont vous vous souviendrez : personne, pas même le Centre, ne peut la retrouver.
web-name = Votre nom, tel que vos contacts le verront
web-relay = Adresse du relais
web-pin = Code de vérification du relais
web-passphrase = Phrase secrète
web-confirm = La même phrase secrète, encore une fois
web-create = Créer mon profil
web-created = Votre profil est prêt. Donnez votre carte de contact aux personnes qui doivent vous écrire.
web-unlock-title = Déverrouiller Amicus
web-unlock-help = Tapez votre phrase secrète. Elle ne quitte jamais cet appareil. Amicus se verrouille seul après quelques minutes sans utilisation.
web-unlock = Déverrouiller
web-lock = Verrouiller maintenant
web-locked = Amicus est verrouillé. Tapez votre phrase secrète pour continuer.
web-tab-inbox = Boîte de réception
web-tab-write = Écrire un briefing
web-tab-outbox = Boîte d'envoi
web-tab-contacts = Contacts
web-tab-safety = Sécurité
web-sync = Envoyer et recevoir
web-working = En cours…
web-inbox-empty = Aucun briefing pour l'instant. Appuyez sur « Envoyer et recevoir » pour en chercher.
web-inbox-unread = nouveau
web-back = Retour à la boîte de réception
web-write-help = Tout ce que vous écrivez ici est chiffré sur cet appareil avant de partir. Si le relais ne répond pas, votre briefing est gardé sur cet appareil et envoyé plus tard : rien de ce que vous tapez n'est perdu.
web-write-to = À (cochez un ou plusieurs contacts)
web-write-no-contacts = Vous n'avez encore aucun contact : ajoutez-en un dans Contacts d'abord.
web-write-title = Titre
web-write-text = Votre briefing
web-write-state = État partie concerné
web-write-session = Session du Comité, si vous la connaissez (par exemple CCPR 145)
web-write-stage = Étape de l'examen
web-write-articles = Articles du Pacte concernés (numéros, par exemple 9, 14)
web-write-language = Langue de votre texte
web-write-confidentiality = Ce que le Comité peut en faire
web-write-send = Chiffrer et envoyer
web-language-none = non précisée
web-outbox-empty = Votre boîte d'envoi est vide : le relais a accepté tout ce que vous avez envoyé.
web-card-title = Ma carte de contact
web-card-help = Donnez cette carte (le texte, ou l'image à scanner) aux personnes qui doivent vous écrire. Elle ne contient aucun secret.
web-add-title = Ajouter un contact
web-add-card = Sa carte de contact
web-add-name = Un nom pour cette personne
web-add = Ajouter le contact
web-compare = Comparez ce numéro de sécurité avec { $name }, en personne ou lors d'un appel sûr. Si vous voyez les mêmes chiffres, personne ne s'est interposé.
web-safety-number = Numéro de sécurité
web-verify = Nous l'avons comparé : marquer comme vérifié
web-contacts-none = Aucun contact pour l'instant.
web-qr-failed = L'image de votre carte n'a pas pu être dessinée ; copiez plutôt son texte.
web-qr-alt = Votre carte de contact en image à scanner
web-send-waiting = Gardé dans votre boîte d'envoi pour { $name } ({ $reason }) ; il part quand vous appuyez sur « Envoyer et recevoir » et que le relais répond.
web-safety-title = Ce que le relais peut voir et ne peut pas voir
web-safety-relay = Le relais ne conserve que des enveloppes scellées. Il ne peut lire ni vos briefings, ni leurs titres, ni leurs pièces jointes, et on ne lui dit pas qui a envoyé un briefing. Il voit quand les enveloppes arrivent, leur taille arrondie, à quelle boîte elles sont destinées, et l'adresse réseau d'où vous vous connectez (utilisez Tor pour la cacher).
web-safety-device = Sur cet appareil, tout est gardé chiffré avec votre phrase secrète. Cette page ne laisse rien dans le cache du navigateur. Verrouillez Amicus quand vous vous éloignez ; il se verrouille aussi seul après quelques minutes sans utilisation.
web-launch-used = Ce lien a déjà servi ou n'est pas valide. Pour votre sécurité, chaque lien n'ouvre Amicus qu'une fois : lancez de nouveau `amicus app` pour en obtenir un autre.
web-wrong-host = Cette adresse n'est pas celle qu'Amicus a donnée. Ouvrez le lien affiché par `amicus app`.
web-forged = Cette demande ne venait pas de la page d'Amicus et a été refusée. Rien n'a changé.
web-app-started = Amicus est ouvert dans votre navigateur. S'il ne s'est pas ouvert, copiez ce lien dans votre navigateur (il ne sert qu'une fois) : { $url }
web-app-stop = Appuyez ici sur Ctrl-C pour fermer Amicus ; il se verrouille aussitôt.
web-app-browser = Votre navigateur n'a pas pu être ouvert automatiquement.
web-tab-centre = Le Centre
web-enrol-title = J'ai une invitation
web-enrol-help = Le Centre pour les droits civils et politiques vous remet un code d'invitation (ou un fichier qui le contient). Il ne sert qu'une fois et apporte l'adresse du relais et la liste des membres et du personnel du Centre.
web-enrol-code = Code d'invitation
web-enrol-file = Ou ouvrez le fichier d'invitation
web-enrol = Rejoindre avec cette invitation
web-enrol-done = Votre profil est prêt et a rejoint le Centre : ses membres et son personnel sont maintenant vos contacts.
web-enrol-joined = Votre profil a rejoint le Centre, avec la même identité et les mêmes contacts : ses membres et son personnel sont maintenant vos contacts.
web-join-title = Rejoindre le Centre
web-join-help = Collez le code d'invitation que le Centre vous a remis. Votre profil garde son identité et ses contacts.
web-ask = Une question sur ce briefing, envoyée par l'intermédiaire du Centre (le défenseur ne vous est jamais nommé, ni vous à lui)
web-ask-send = Envoyer la question
web-answer = Votre réponse, renvoyée par le chemin de la question
web-answer-send = Envoyer la réponse
web-mandate-on = Laisser le Centre présenter ce briefing aux membres du Comité en mon nom
web-mandate-title = Mandat de présentation
web-mandate-help = Vous signez un mandat : qui au Centre peut le présenter, à quels membres, comment vous êtes nommé, et pour combien de temps. Les membres ne savent jamais qui vous êtes, sauf si vous le choisissez. Vous pouvez le révoquer à tout moment.
web-mandate-staff = Personnel du Centre qui peut le présenter (aucun coché : tout le personnel)
web-mandate-members = Membres à qui il peut être présenté (aucun coché : tout membre)
web-mandate-attribution = Ce que les membres apprennent de sa provenance
web-attribution-anonymous = Source anonyme
web-attribution-pseudonym = Un pseudonyme
web-attribution-organisation = Une organisation
web-attribution-named = Mon nom
web-mandate-attribution-name = Le pseudonyme, l'organisation ou le nom à montrer
web-mandate-attachments = Le Centre peut partager les pièces jointes avec les membres
web-mandate-days = Durée du mandat, en jours
web-sent-title = Les briefings que j'ai envoyés, et ce qu'il en est advenu
web-sent-empty = Rien d'envoyé pour l'instant.
web-revoke = Révoquer le mandat
web-mandates-title = Les briefings que je peux présenter
web-mandates-help = Chaque briefing ne peut être présenté que dans les limites de son mandat. Si une présentation les dépassait, elle est refusée, la raison est affichée, et rien n'est envoyé.
web-present = Présenter à ce membre
web-present-attachments = avec ses pièces jointes (si le mandat le permet)
web-roster-title = La liste signée des membres et du personnel du Centre
web-roster-add-title = Ajouter quelqu'un à la liste
web-roster-role = Rôle
web-role-member = Membre du Comité
web-role-staff = Personnel du Centre
web-role-defender = Défenseur
web-roster-term = Fin du mandat ou de la fonction (facultatif)
web-roster-add = Signer et publier
web-roster-remove = Retirer
web-invite-title = Inviter quelqu'un
web-invite-days = Jours de validité de l'invitation
web-invite = Créer une invitation à usage unique
web-settings-title = Réglages
web-settings-wipe-after = Effacer le profil après ce nombre de phrases secrètes erronées (0 : jamais)
web-settings-delete-after = Supprimer les briefings lus après ce nombre de jours (0 : les garder)
web-settings-receipts = Prévenir le Centre quand j'ai lu un briefing présenté
web-settings-save = Enregistrer les réglages
web-wipe-title = Effacement rapide
web-wipe-help = Détruit ce profil sur cet appareil, tout de suite : briefings, contacts et clés. Personne ne peut le récupérer, même avec la phrase secrète. Les briefings déjà sur le relais y restent scellés jusqu'à leur expiration.
web-wipe = Effacer ce profil
web-wipe-cancel = Annuler, ne pas effacer
web-wipe-countdown = Le profil sera effacé dans
web-wipe-cancelled = Annulé : rien n'a été effacé.
web-send-cancel = Arrêter l'envoi (il reste dans votre boîte d'envoi)
web-send-stopped = Arrêté. Votre briefing est gardé sur cet appareil, avec ce qui était déjà téléversé de ses pièces jointes ; « Envoyer et recevoir » le termine.
web-writing-saved = Enregistré sur cet appareil (chiffré).
web-writing-discarded = Supprimé.
web-writings-title = Briefings que vous avez commencé à écrire
web-writing-continue = Continuer
web-writing-discard = Supprimer
web-transfer = { $name } : { $done } sur { $total } ({ $rate } par seconde).
web-transfer-left = Encore environ { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
web-transfer-paused = En pause : { $reason }. Cela reprend tout seul ; rien de ce qui est déjà envoyé n'est renvoyé.
web-attachments = Pièces jointes (photos, documents, vidéos)
web-attachments-drop = Choisissez des fichiers, ou déposez-les ici. Chacun est chiffré sur cet appareil dès qu'il est ajouté.
web-attachment-ready = prêt, chiffré sur cet appareil
web-attachment-adding = chiffrement…
web-attachment-save = Enregistrer
web-attachment-withheld = non partagée avec vous
web-attachments-title = Pièces jointes
language-en = English
language-fr = Français
language-es = Español

## ICCPR articles, short titles (the Covenant itself has none; these follow common usage)
article-1 = Droit des peuples à disposer d'eux-mêmes
article-2 = Respect et garantie des droits, sans discrimination ; recours utile
article-3 = Égalité des droits des hommes et des femmes
article-4 = Dérogations en cas de danger public
article-5 = Aucune interprétation qui détruise les droits
article-6 = Droit à la vie
article-7 = Interdiction de la torture et des traitements cruels, inhumains ou dégradants
article-8 = Interdiction de l'esclavage, de la servitude et du travail forcé
article-9 = Liberté et sécurité de la personne ; pas d'arrestation ni de détention arbitraires
article-10 = Traitement humain des personnes privées de liberté
article-11 = Pas de prison pour inexécution d'une obligation contractuelle
article-12 = Liberté de circulation et de quitter tout pays
article-13 = Expulsion des étrangers
article-14 = Procès équitable
article-15 = Pas de peine sans loi
article-16 = Reconnaissance de la personnalité juridique
article-17 = Vie privée, famille, domicile et correspondance
article-18 = Liberté de pensée, de conscience et de religion
article-19 = Liberté d'opinion et d'expression
article-20 = Interdiction de la propagande en faveur de la guerre et de l'appel à la haine
article-21 = Réunion pacifique
article-22 = Liberté d'association, y compris syndicale
article-23 = Famille et mariage
article-24 = Droits de l'enfant
article-25 = Participation aux affaires publiques, droit de vote et d'éligibilité
article-26 = Égalité devant la loi, non-discrimination
article-27 = Droits des minorités
web-write-articles-pick = Articles du Pacte concernés (cochez ceux qui s'appliquent)
web-write-state-pick = Tapez ou choisissez l'État partie
size-bytes = { $value } octets
size-kb = { $value } Ko
size-mb = { $value } Mo
size-gb = { $value } Go
err-no-proxy-route = Un proxy est réglé, et l'adresse du relais { $addr } n'a pas de route HTTPS (commençant par https://) pour le joindre à travers lui. Avec un proxy, Amicus ne se connecte jamais directement : il ne s'est donc pas connecté. Rien n'est perdu : ce que vous avez écrit est gardé sur cet appareil. Demandez à la personne qui vous a invité une carte ou une invitation à jour, ou retirez le proxy avec `amicus settings --proxy off`.
err-onion-needs-proxy = L'adresse du relais { $addr } ne se joint qu'à travers Tor (c'est une adresse onion). Rien n'est perdu. Lancez Tor (ou Tor Browser, ou Orbot) et réglez-le comme proxy, par exemple `amicus settings --proxy 127.0.0.1:9050` (Tor Browser : 9150).
err-proxy-not-address = Ce n'est pas une adresse de proxy. Donnez-la sous la forme adresse:port, par exemple 127.0.0.1:9050 pour Tor, 127.0.0.1:9150 pour Tor Browser. Rien n'a été changé.
err-proxy-named-host = Donnez le proxy par son adresse IP (ou localhost), par exemple 127.0.0.1:9050 : chercher un nom sortirait du proxy. Rien n'a été changé.
err-proxy-not-socks5 = Amicus ne fonctionne qu'avec des proxys SOCKS5 (Tor, Tor Browser, Orbot). Donnez l'adresse sous la forme adresse:port, par exemple 127.0.0.1:9050. Rien n'a été changé.
route-direct = Amicus joint de nouveau le relais par sa route directe.
route-https = Votre réseau ne laisse pas passer la route directe d'Amicus : Amicus joint donc maintenant le relais en HTTPS, comme un site web ordinaire. Vos briefings sont aussi protégés qu'avant ; seul le chemin a changé.
route-proxied = Amicus joint le relais à travers votre proxy : le relais voit l'adresse du proxy, pas la vôtre.
route-onion = Amicus joint le relais à travers Tor, à son adresse onion : ni le relais ni votre réseau ne voient où se trouve l'autre.
arg-proxy = Un proxy SOCKS5 (Tor : 127.0.0.1:9050, Tor Browser : 127.0.0.1:9150) pour toutes les connexions ; avec `settings`, gardé dans le profil (`off` le retire).
settings-proxy = Proxy : { $proxy }.
settings-proxy-none = aucun (connexion directe)
web-proxy = Proxy SOCKS5, pour Tor (laisser vide pour une connexion directe)
web-proxy-help = Si Tor tourne sur cet appareil, entrez 127.0.0.1:9050 (Tor Browser : 127.0.0.1:9150, Orbot : 127.0.0.1:9050). Amicus ne se connecte alors qu'à travers lui : le relais ne voit pas votre adresse, et votre réseau ne voit que Tor.
err-proxy-unreachable = Rien ne répond à l'adresse de votre proxy, { $proxy } : Tor (ou Tor Browser, ou Orbot) est-il lancé ? Amicus ne s'est connecté par aucun autre chemin. Rien n'est perdu : ce que vous avez écrit est gardé sur cet appareil et part dès que le proxy répond. Lancez Tor et réessayez, ou changez le proxy dans les réglages.
demo-blocked-title = 14. Une défenseure dont le réseau bloque QUIC (comme les grands réseaux de Russie et d'Iran) : le relais répond aussi sur sa route TCP, qui ressemble à un serveur HTTPS ordinaire.
demo-blocked-fell-back = la première connexion s'y est repliée d'elle-même, en { $secs } s ; le profil s'en souvient, et l'a dit à la défenseure :
demo-blocked-subject = Envoyé là où QUIC est bloqué
demo-blocked-body = Ce briefing a rejoint le relais par sa route qui ressemble à HTTPS.
demo-blocked-sent = { $count } briefing envoyé par cette route, en { $secs } s
demo-blocked-received = le membre a reçu { $count } briefing
demo-blocked-clean = relais fouillé de nouveau : rien de cette défenseure (nom, boîte) ni du briefing
reason-tokens-exhausted = plus de jetons d'envoi pour l'instant
reason-token-refused = jeton d'envoi refusé ; un autre sera essayé la prochaine fois
relay-tokens-exhausted = Ce profil a utilisé tous les jetons d'envoi que le relais lui accorde pour cette période. Rien n'est perdu : ce que vous avez écrit attend dans la boîte d'envoi et partira de lui-même dès que les jetons de la période suivante arriveront (une synchronisation les récupère). Si cela se répète, demandez une invitation au Centre : les défenseurs inscrits en reçoivent davantage.
relay-token-refused = Le relais a refusé un jeton d'envoi. Rien n'est perdu : la communication reste dans la boîte d'envoi, et la prochaine synchronisation récupère de nouveaux jetons et l'envoie.
err-token-key-changed = Le relais a présenté, pour la même période, une autre clé de signature des jetons d'envoi que celle qu'il avait montrée. Un relais qui fait cela pourrait distinguer ses utilisateurs : Amicus s'est arrêté et n'a rien envoyé. Rien n'est perdu. Prévenez le Centre ; n'envoyez rien de sensible avant qu'il ait vérifié le relais.
