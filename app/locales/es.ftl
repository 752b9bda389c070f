# Mensajes de la línea de órdenes de Amicus, español.

## Errores
err-no-profile = No hay ningún perfil de Amicus en { $dir }. Cree uno con `amicus init`, o indique el suyo con --profile.
err-profile-exists = Ya existe un perfil en { $dir }. No se cambió nada. Úselo, o elija otra carpeta con --profile.
err-wrong-passphrase = La frase de contraseña no es correcta. No se cambió nada; inténtelo de nuevo (revise la distribución del teclado y Bloq Mayús).
err-wrong-passphrase-left = La frase de contraseña no es correcta. No se cambió nada. { $left ->
        [one] Tras { $left } intento erróneo más, este perfil se borrará.
       *[other] Tras { $left } intentos erróneos más, este perfil se borrará.
    }
err-wiped-after-failures = Demasiadas frases de contraseña erróneas: el perfil se borró, como lo había pedido su titular. No se puede recuperar nada.
err-passphrase-short = Esa frase de contraseña es demasiado corta. Elija una de al menos { $min } caracteres; varias palabras sin relación entre sí funcionan bien.
err-corrupt = Una parte de su almacenamiento local está dañada o fue alterada ({ $what }). Amicus se negó a usarla. No borre nada; pida ayuda al soporte del Centro.
err-storage = Amicus no pudo escribir en el almacenamiento de este dispositivo ({ $detail }). No se perdió nada de lo ya guardado. Libere espacio o revise los permisos y vuelva a intentarlo.
err-unreachable = No se pudo contactar con el relé en { $addr }. No se perdió nada: lo que escribió se guarda en este dispositivo (`amicus outbox` lo muestra) y `amicus sync` lo enviará cuando la conexión funcione. Revise la red o la dirección del relé que le dieron.
err-pin-mismatch = El relé no demostró ser el que le indicaron (su clave no coincide con la huella). Amicus no se conectó. Compruebe la dirección y la huella del relé con quien le invitó; alguien podría estar interceptando la conexión.
err-unexpected = El relé respondió de una forma que Amicus no entiende. No se perdió nada. Puede que use otra versión; inténtelo más tarde o consulte a su operador.
err-bad-card = Esa no es una tarjeta de contacto válida. Copie la tarjeta completa (empieza por `amicus:`) e inténtelo de nuevo.
err-unknown-contact = No tiene ningún contacto llamado «{ $name }». Vea sus contactos con `amicus contacts list`.
err-contact-exists = Ya tiene este contacto (o uno llamado «{ $name }»). No se cambió nada.
err-roster-name-taken = «{ $name }» ya figura en la lista con otra clave. Una persona es una sola entrada: no se cambió nada. Retire primero la entrada anterior (`amicus roster remove`) y luego agregue la nueva tarjeta.
err-ambiguous-name = «{ $name }» puede designar a varias personas: { $choices }. No se cambió nada. Indique en su lugar el comienzo del número de la persona correcta (entre paréntesis).
err-identity-changed = El número de seguridad de «{ $name }» ha cambiado. No se envió nada. Ocurre cuando la persona reinstala Amicus, pero también puede significar que alguien se hace pasar por ella. Compare el nuevo número con ella por otro medio (`amicus contacts verify { $name }`) y luego confírmelo.
err-other-relay = «{ $name }» usa un relé distinto del suyo. Esta versión solo puede enviar a través de su propio relé; pídale una tarjeta de contacto de su relé. No se agregó ni envió nada.
err-too-large = El informe es demasiado largo para enviarlo como mensaje ({ $len } bytes; el límite es { $max }). Acórtelo o divídalo en varios informes. No se envió nada.
err-no-message = No hay ningún mensaje número { $number }. Vea sus mensajes con `amicus inbox`.
err-unknown-recipient = El relé no conoce el buzón de este destinatario. No se envió nada. Compruebe que su tarjeta de contacto esté al día.
err-not-registered = Su perfil aún no está registrado en el relé. Ejecute `amicus sync` cuando tenga conexión.
err-signal = Falló un paso de cifrado. No se envió ni se borró nada. Inténtelo de nuevo; si sigue fallando, ejecute con --verbose y pida ayuda.
err-input = { $text }.
err-no-passphrase = No se dio ninguna frase de contraseña. Ejecute Amicus en un terminal, o defina AMICUS_PASSPHRASE o --passphrase-file.
err-passphrases-differ = Las dos frases de contraseña no coinciden. No se creó nada.
err-bad-pin = La huella debe ser los 64 caracteres hexadecimales que mostró el relé.
err-cannot-read = No se puede leer { $path }: { $detail }. No se envió ni cambió nada.
file-not-found = no existe ese archivo o carpeta (revise el nombre y la ubicación)
file-permission = este equipo no permite que Amicus lo abra (revise quién puede leerlo)
file-not-a-file = es una carpeta, no un archivo
file-no-space = el disco está lleno
file-not-text = no es texto sin formato (guárdelo como .txt)
file-other = el sistema no pudo leerlo ni escribirlo
err-terminal = No se pudo leer lo que escribió ({ $detail }). No se envió ni cambió nada; vuelva a ejecutar la orden.
err-interrupted = Detenido. Su informe se guarda en este dispositivo, con lo ya subido de sus archivos adjuntos; `amicus sync` termina el envío. `amicus outbox` lo muestra.
err-app-not-started = Amicus no pudo abrir su página en este dispositivo ({ $detail }). No cambió nada; las órdenes siguen funcionando.
draft-kept = Su informe se guarda en este dispositivo, con lo ya subido de sus archivos adjuntos: `amicus sync` lo envía en cuanto el relé pueda recibirlo, y `amicus outbox` lo muestra.
err-unlock-failed = Esta terminal no pudo quedar desbloqueada ({ $detail }). No cambió nada: cada orden pide la frase de contraseña como antes.
err-missing-name = Un perfil nuevo necesita su nombre: agregue --name "Su nombre" (aparece en su tarjeta de contacto). No se creó nada.
err-no-recipient = Indique al menos un destinatario con --to.
err-too-many-recipients = Un informe puede ir a { $max } personas como máximo a la vez. No se guardó ni envió nada: envíelo en grupos más pequeños.
err-own-card = Esa es su propia tarjeta de contacto.
err-empty-name = El contacto necesita un nombre.
err-bad-name = El nombre debe tener de 1 a 128 bytes.
err-demo-leaks = La demostración encontró fugas (indicadas arriba).
err-not-confirmed = No confirmado: no se borró nada.
err-start = Amicus no pudo iniciarse: { $detail }
relay-quota = El buzón del destinatario en el relé está lleno. Su informe se conserva en este dispositivo y se reintentará; pruebe `amicus sync` más tarde.
relay-rate = El relé pidió a Amicus que vaya más despacio. No se perdió nada; inténtelo de nuevo en un minuto.
relay-storage = El relé no pudo guardar los datos de forma segura en este momento (puede que su disco esté lleno). No se perdió nada; inténtelo más tarde.
relay-auth = El relé no aceptó la prueba de titularidad de este perfil. No se perdió nada. Inténtelo de nuevo; si persiste, consulte al operador del relé.
relay-other = El relé rechazó la solicitud ({ $code }). No se perdió nada. Inténtelo más tarde.
detail = Detalle técnico para quien le ayude (códigos sin traducir para poder buscarlos): { $detail }

## Solicitudes
prompt-passphrase = Frase de contraseña:{" "}
prompt-new-passphrase = Elija una frase de contraseña:{" "}
prompt-repeat-passphrase = Escríbala otra vez:{" "}
prompt-subject = Asunto:{" "}
prompt-body = Escriba el informe. Termine con una línea que contenga solo un punto (.), o Ctrl-D.
prompt-wipe = Esto destruye para siempre el perfil en { $dir }. Escriba { $word } para confirmar:{" "}
wipe-word = BORRAR

## Inicio guiado
guide-no-profile = Aún no tiene un perfil de Amicus (se buscó en { $dir }).
guide-no-profile-next = Para empezar, cree uno con la dirección y la huella del relé que le dieron:
guide-no-profile-example = amicus init --name "Su nombre" --relay SERVIDOR:PUERTO --pin HUELLA
guide-locked = Su perfil en { $dir } está bloqueado.
guide-locked-next = Desbloquéelo ejecutando una orden, por ejemplo `amicus inbox`. Vea todas las órdenes con `amicus --help`.
guide-status = Perfil «{ $name }». Informes sin leer: { $unread }. Esperando envío: { $outbox }. Contactos: { $contacts }.
guide-next-unread = Léalos con `amicus inbox` y luego `amicus read NÚMERO`.
guide-next-sync = Reciba informes nuevos y envíe los que esperan con `amicus sync`.
guide-next-send = Escriba un informe con `amicus send --to NOMBRE`.

## init
init-deriving = Derivando su clave y creando su perfil (tarda un momento)...
init-created = Perfil creado en { $dir }.
init-not-registered = Aún no está registrado en el relé; ejecute `amicus sync` cuando tenga conexión.
init-card = Su tarjeta de contacto (entréguela a quienes le vayan a escribir):

## contactos
contact-added = Se añadió a { $name }.
safety-number = Número de seguridad: { $number }
safety-number-with = Número de seguridad con { $name }: { $number }
contact-compare = Compárelo con { $name } por otro medio y luego ejecute `amicus contacts verify "{ $name }" --confirm`.
contact-none = Aún no hay contactos. Añada uno con `amicus contacts add <tarjeta>`.
contact-state-changed = NÚMERO DE SEGURIDAD CAMBIADO: verifíquelo antes de enviar
contact-state-verified = verificado
contact-state-unverified = sin verificar
contact-state-roster = avalado por el Centro (en su lista firmada)
contact-line = { $name }  ({ $state })
contact-changed-warning = ATENCIÓN: el número de seguridad de { $name } ha CAMBIADO.
contact-verified = { $name } quedó marcado como verificado.
contact-confirm-hint = Si coincide con lo que ve { $name }, ejecútelo de nuevo con --confirm.
contact-saved-sender = El remitente del mensaje { $number } se guardó como { $name }.
contact-compare-sender = Compárelo con esa persona antes de fiarse de su identidad.

## envío, sincronización, recepción
send-progress = { $count ->
        [one] Cifrando y enviando a { $count } destinatario...
       *[other] Cifrando y enviando a { $count } destinatarios...
    }{" "}
send-delivered = Entregado al relé para { $name }.
send-waiting = Se conserva en su bandeja de salida para { $name } ({ $reason }); `amicus sync` lo reintentará.
sync-sent = { $count ->
        [one] Se envió { $count } informe desde su bandeja de salida.
       *[other] Se enviaron { $count } informes desde su bandeja de salida.
    }
sync-waiting = { $count ->
        [one] { $count } informe sigue esperando en su bandeja de salida.
       *[other] { $count } informes siguen esperando en su bandeja de salida.
    }
sync-received = { $count ->
        [one] { $count } informe nuevo.
       *[other] { $count } informes nuevos.
    }
sync-quarantined = { $count ->
        [one] { $count } sobre no se pudo leer y se apartó: vea `amicus quarantine`.
       *[other] { $count } sobres no se pudieron leer y se apartaron: vea `amicus quarantine`.
    }
sync-auto-deleted = { $count ->
        [one] Se borró { $count } informe leído más antiguo que su plazo de conservación.
       *[other] Se borraron { $count } informes leídos más antiguos que su plazo de conservación.
    }
inbox-empty = No hay informes. Reciba nuevos con `amicus sync`.
inbox-line = { $number } { $mark } { $time }  de { $from }  { $subject }
with-reference = { $text } (ref. { $reference })
unknown-sender = alguien que no está en sus contactos (ref. { $id })
read-from = De:      { $from }
read-key-warning = ATENCIÓN: enviado con una clave distinta del número de seguridad del contacto.
read-sent = Enviado: { $time }
read-subject = Asunto:  { $subject }
outbox-empty = Su bandeja de salida está vacía: todo se entregó al relé.
outbox-not-sent = aún no enviado
outbox-not-sealed = guardado en este dispositivo; se cifrará y enviará cuando el relé responda
outbox-draft = guardado en este dispositivo; sus adjuntos se suben y se envía en el próximo `amicus sync`
outbox-line = { $number }  para { $name }  { $subject }  ({ $why })
quarantine-empty = No hay nada en cuarentena.
quarantine-line = { $number }  { $size } bytes  { $reason }

## ajustes y borrado
settings-shown = Borrado tras frases de contraseña erróneas: { $wipe }. Eliminar informes leídos tras: { $days }.
settings-off = desactivado
settings-attempts = { $count } intentos
settings-days = { $count } días
settings-saved = Ajustes guardados.
wiped = El perfil se borró. No se puede recuperar nada, ni siquiera con la frase de contraseña.
unlocked = Esta terminal queda desbloqueada durante { $minutes } minutos: las órdenes aquí no pedirán la frase de contraseña. `amicus lock` lo termina ahora; cerrar la terminal también.
locked = { $count ->
        [one] Bloqueado: { $count } terminal desbloqueada olvidó la clave. Cada orden vuelve a pedir la frase de contraseña.
       *[other] Bloqueado: { $count } terminales desbloqueadas olvidaron la clave. Cada orden vuelve a pedir la frase de contraseña.
    }
unlocked-by-agent = (Desbloqueado en esta terminal por `amicus unlock`: no se pide la frase de contraseña. No la escriba ahora.)

## demostración
demo-relay = 1. Se inició un relé integrado en { $addr }
demo-pin = huella del relé: { $pin }
demo-profiles = 2. Se crearon dos perfiles, cada uno con su identidad libsignal y su almacenamiento cifrado
demo-cards = 3. Se intercambiaron tarjetas de contacto. Números de seguridad:
demo-defender-sees = la defensora ve { $number }
demo-member-sees = el miembro ve   { $number }
demo-match = coinciden: nadie se interpuso
demo-mismatch = NO COINCIDEN
demo-sent = 4. La defensora envió un informe sellado; el relé confirmó su recepción de forma duradera ({ $count } entregado)
demo-holds = 5. Lo que el relé guarda para el buzón del miembro:
demo-envelope = sobre de { $size } bytes (rellenado), que empieza por { $preview }...
demo-searched = 6. Se buscó en { $files } archivos del relé y { $bytes } bytes de su registro:
demo-needle-subject = el asunto del informe
demo-needle-body = el texto del informe
demo-needle-name = el nombre de la remitente
demo-needle-key = la clave de identidad de la remitente
demo-needle-mailbox = el identificador de buzón de la remitente
demo-needle-mailbox-hex = el identificador de buzón de la remitente (hex)
demo-needle-sender-uuid = el UUID de la remitente (en su certificado de remitente sellado)
demo-not-found = { $what }: no encontrado
demo-found = { $what }: ENCONTRADO en { $where }
demo-fetched = 7. El miembro recibió { $count } informe, lo guardó y luego dejó que el relé lo borrara:
demo-from = de:     { $from }
demo-subject = asunto: { $subject }
demo-body = texto:  { $body }
demo-left = 8. Sobres que quedan en el relé: { $count }; adjuntos que quedan: { $blobs }
demo-attached = con un adjunto: { $size } bytes, cifrado una vez y subido por partes ({ $stored } bytes en el relé, con relleno)
demo-needle-attachment = el contenido del adjunto
demo-needle-file-name = el nombre de archivo del adjunto
demo-attachment-saved = el miembro guardó el adjunto: { $size } bytes, idéntico al original; luego el relé lo borró
demo-attachment-differs = EL ADJUNTO GUARDADO DIFIERE DEL ORIGINAL
demo-ok = Resultado: el relé solo guardó texto cifrado y nunca supo quién lo envió.
demo-leaks = Resultado: SE ENCONTRARON FUGAS (ver arriba).
demo-briefing-subject = CANARY-SUBJECT: detención arbitraria de abogados
demo-briefing-body = CANARY-BODY: el 3 de marzo, tres abogados que representaban a manifestantes fueron detenidos sin cargos (artículos 9 y 14 del PIDCP).

## ayuda
help-about = Enviar informes sellados al Comité de Derechos Humanos de la ONU
help-init = Crear su perfil y registrarlo en su relé.
help-card = Mostrar su tarjeta de contacto, para entregarla a quienes le vayan a escribir.
help-contacts = Gestionar contactos.
help-contacts-add = Añadir un contacto a partir de su tarjeta de contacto.
help-contacts-save-sender = Guardar como contacto al remitente de un informe recibido, para responderle.
help-contacts-list = Listar los contactos.
help-contacts-verify = Mostrar el número de seguridad compartido con un contacto; con --confirm, marcarlo como verificado.
help-send = Enviar un informe (el texto viene de --body, de --body-file, o se escribe).
help-sync = Enviar lo que espera en la bandeja de salida y recibir informes nuevos.
help-inbox = Listar los informes recibidos.
help-read = Mostrar un informe recibido.
help-outbox = Listar los informes que esperan ser enviados.
help-quarantine = Listar los sobres que no se pudieron descifrar, con el motivo.
help-settings = Mostrar o cambiar los ajustes de seguridad (borrado tras frases erróneas, eliminación de informes leídos).
help-wipe = Destruir este perfil de inmediato; no se puede recuperar nada, ni siquiera con la frase de contraseña.
help-demo = Ejecutar una demostración completa en un relé integrado (sin instalar nada).

## motivos breves (bandeja de salida)
reason-unreachable = relé inaccesible
reason-quota = buzón del destinatario lleno
reason-too-large = demasiado grande para este relé
reason-unknown-recipient = destinatario desconocido para el relé
reason-storage = almacenamiento del relé no disponible
reason-rate = el relé pide ir más despacio
reason-other = rechazado por el relé ({ $code })

## ayuda: opciones y títulos
help-commands = Órdenes
help-options = Opciones
help-usage = Uso:
clap-invalid-value = «{ $value }» no es un valor válido para { $arg }. No se hizo nada.
clap-empty-value = { $arg } necesita un valor a continuación. No se hizo nada.
clap-unknown-argument = { $arg } no es una opción de esta orden. No se hizo nada.
clap-unknown-command = «{ $value }» no es una orden de Amicus. No se hizo nada.
clap-missing = Falta algo: { $arg }. No se hizo nada.
clap-conflict = { $arg } no se puede usar junto con { $other }. No se hizo nada.
clap-other = Esta orden está incompleta o no está escrita como Amicus espera. No se hizo nada.
clap-more = Para ver lo que necesita: { $command } --help
arg-profile = Carpeta del perfil (por defecto: $AMICUS_PROFILE, o ~/.amicus).
arg-passphrase-file = Leer la frase de contraseña de este archivo en lugar de pedirla.
arg-verbose = Mostrar detalles técnicos con los errores.
arg-lang = Idioma: en, fr o es (por defecto: $AMICUS_LANG o el del sistema).
arg-init-name = Su nombre tal como lo verán primero sus contactos.
arg-init-relay = La dirección del relé, servidor:puerto.
arg-init-pin = La huella del relé (64 caracteres hexadecimales), tal como se la dio quien le invitó.
arg-card = La tarjeta de contacto (empieza por amicus:).
arg-contact-name = El nombre del contacto.
arg-add-name = Nombre que se usará en lugar del de la tarjeta.
arg-message = El número de mensaje que muestra `amicus inbox`.
arg-confirm = Comparó los números con el contacto y coinciden.
arg-to = Contacto destinatario (repítalo para varios).
arg-subject = El asunto del informe (se pide si falta).
arg-body = El texto del informe.
arg-body-file = Leer el texto del informe de este archivo.
arg-wipe-after = Borrar el perfil tras este número de frases de contraseña erróneas seguidas (0: nunca).
arg-delete-read-after = Eliminar los informes leídos tras este número de días (0: conservarlos).
arg-now = Borrar sin pedir la palabra de confirmación.
arg-help = Mostrar esta ayuda.
help-unlock = Mantener esta terminal desbloqueada un tiempo (la frase de contraseña se pide una vez)
help-lock = Olvidar la clave ahora en todas las terminales desbloqueadas
help-app = Abrir Amicus en su navegador: todo, sin terminal
help-agent-serve = (interno) El agente de desbloqueo, iniciado por `amicus unlock`
arg-minutes = Cuántos minutos queda desbloqueada esta terminal (15 por defecto, 480 como máximo)
arg-shell = (interno) El shell al que pertenece el desbloqueo
arg-version = Mostrar la versión.
quarantine-undecryptable = no se pudo descifrar (dañado, falsificado o repetido)
quarantine-bad-sender = no se pudo identificar al remitente
quarantine-unreadable = descifrado, pero no es un informe que esta versión pueda leer
quarantine-other = no se pudo procesar
quarantine-too-old = escrito por una versión de Amicus más antigua de las que esta lee: pida al remitente que actualice Amicus y lo vuelva a enviar
quarantine-too-new = escrito por una versión de Amicus más reciente: actualice Amicus y pida al remitente que lo vuelva a enviar
quarantine-not-enrolled = un informe que el Centro le presentó, pero este perfil no está inscrito en el Centro: pida una invitación al Centro y ejecute `amicus enrol CODE`; luego pídale que lo presente de nuevo
sync-progress = Enviando y recibiendo informes...

## Los flujos del Centro: inscripción, lista, invitaciones, mandatos, presentación, acuses
help-enrol = Crear su perfil a partir del código de invitación que le dio el Centro
help-sent = Listar los informes que envió, con sus acuses
help-revoke = Retirar el mandato de presentación dado con un informe enviado
help-mandates = (Personal del Centro) Listar los mandatos que le dieron defensores
help-present = (Personal del Centro) Presentar un informe a un miembro del Comité en nombre del defensor
help-ask = Hacer una pregunta complementaria sobre un informe que el Centro le presentó
help-answer = Responder a una pregunta que el Centro le transmitió
help-centre = (Administración del Centro) La clave raíz del Centro
help-centre-init = Crear la clave raíz del Centro en este perfil y publicar la primera lista
help-centre-root = Mostrar la clave raíz del Centro (para la configuración del relé)
help-roster = La lista firmada por el Centro de miembros del Comité y personal
help-roster-show = Obtener, verificar y mostrar la lista
help-roster-add = (Administración del Centro) Añadir un miembro o personal a la lista desde su tarjeta de contacto
help-roster-remove = (Administración del Centro) Quitar a alguien de la lista
help-invite = (Personal del Centro) Crear un código de invitación de un solo uso
arg-code = El código de invitación (empieza por amicus-invite:)
arg-state = El Estado parte concernido
arg-session = El período de sesiones del Comité
arg-stage = Etapa del examen: loipr (lista de cuestiones previa a la presentación del informe), loi (lista de cuestiones), dialogue (con el Estado) o follow-up (seguimiento)
arg-articles = Artículos del Pacto concernidos, por ejemplo «9, 14»
arg-language = Idioma del texto: en, fr o es
arg-confidentiality = confidential (por defecto), quotable o public
arg-mandate = Dar al Centro un mandato para presentar este informe en su nombre
arg-present-by = Personal del Centro que puede presentarlo (repetir; por defecto: todo el personal)
arg-present-to = Miembros del Comité a quienes puede presentarse (repetir; por defecto: cualquier miembro)
arg-attribution = Cómo se le nombra: anonymous (por defecto), pseudonym:NOMBRE, organisation:NOMBRE o named:NOMBRE
arg-allow-attachments = Permitir que el Centro comparta también los adjuntos
arg-mandate-days = Cuántos días dura el mandato (90 por defecto)
arg-sent-number = El número que muestra `amicus sent`
arg-submission = El número del informe en su bandeja de entrada
arg-present-member = El miembro del Comité a quien presentarlo
arg-with-attachments = Compartir también los adjuntos (solo si el mandato lo permite)
arg-question = Su pregunta
arg-answer = Su respuesta
arg-intake-name = El nombre de la recepción del Centro en la lista
arg-role = El papel: member o staff (lista); defender, member o staff (invitación)
arg-roster-name = El nombre que muestra la lista (por defecto: el de la tarjeta)
arg-term-end = Fin del mandato, como AAAA-MM-DD
arg-roster-remove-name = El nombre en la lista
arg-days = Cuántos días es válida la invitación (7 por defecto, 90 como máximo)
arg-read-receipts = Avisar al Centro cuando abra un informe presentado: on u off
err-bad-stage = La etapa del examen debe ser: loipr (lista de cuestiones previa a la presentación del informe), loi (lista de cuestiones), dialogue o follow-up (seguimiento). No se envió nada.
err-bad-articles = Los artículos deben ser números del 1 al 53, separados por comas.
err-bad-language = El idioma debe ser en, fr o es.
err-bad-confidentiality = La confidencialidad debe ser confidential, quotable o public.
err-bad-attribution = La atribución debe ser anonymous, pseudonym:NOMBRE, organisation:NOMBRE o named:NOMBRE.
err-bad-roster-role = El papel en la lista debe ser member o staff.
err-bad-date = La fecha debe escribirse AAAA-MM-DD.
err-bad-invite-role = El papel de la invitación debe ser defender, member o staff.
err-centre-exists = Este perfil ya tiene o sigue una clave raíz del Centro. No se cambió nada.
err-not-centre-admin = Solo el perfil de la administración del Centro tiene la clave raíz que firma la lista.
err-no-centre = Este perfil no conoce la clave raíz del Centro. Inscríbase con una invitación del Centro.
err-invitation-days = Una invitación puede ser válida de 1 a { $max } días.
err-mandate-days = Un mandato debe durar al menos un día.
err-bad-invitation = Ese no es un código de invitación válido. Copie el código entero (empieza por `amicus-invite:`) e inténtelo de nuevo.
err-not-submission = El mensaje { $number } no es un informe enviado con un mandato.
err-not-presentation = El mensaje { $number } no es un informe que el Centro le presentó.
err-not-question = El mensaje { $number } no es una pregunta.
err-not-centre = «{ $name }» no es personal del Centro en la lista. No se envió nada.
err-not-member = «{ $name }» no es miembro del Comité en la lista del Centro. No se envió nada.
err-not-staff = Solo el personal del Centro en la lista puede presentar informes.
err-no-mandate = El informe enviado { $number } no tenía mandato; no hay nada que revocar.
err-already-revoked = Ese mandato ya está revocado.
roster-not-signed = Amicus rechazó la versión { $version } de la lista: no está firmada por la clave raíz del Centro. Alguien puede estar intentando suplantar a miembros del Comité. Sus contactos no cambiaron; avise al Centro.
roster-older = Amicus rechazó la lista: el relé ofrece una más antigua que la versión { $seen }, que este dispositivo ya vio. Alguien puede estar haciéndola retroceder. Sus contactos no cambiaron; avise al Centro.
roster-fork = Amicus rechazó la versión { $version } de la lista: difiere de la que este dispositivo ya vio. Sus contactos no cambiaron; avise al Centro.
roster-gap = Amicus rechazó la lista: se esperaba la versión { $expected } y el relé envió la { $found }. Sus contactos no cambiaron.
roster-malformed = Amicus rechazó la lista: está dañada. Sus contactos no cambiaron.
roster-refused = ATENCIÓN: { $reason }
roster-key-changed = ATENCIÓN: la lista del Centro da una clave nueva a «{ $name }». Los informes para esa persona usan ahora la clave nueva. Si no lo esperaba, compare los números de seguridad con ella (`amicus contacts verify "{ $name }"`).
roster-version = Lista, versión { $version }:
roster-term = (su mandato termina el { $date })
roster-line =   { $name }: { $role } { $term }
roster-published = Versión { $version } de la lista firmada y publicada.
mandate-not-named-staff = Usted no figura entre el personal que este defensor nombró en el mandato. No se envió nada.
mandate-member-not-allowed = El mandato no permite presentarlo a este miembro. No se envió nada.
mandate-not-a-member = Esta persona no es miembro del Comité en la lista. No se envió nada.
mandate-expired = El mandato venció. No se envió nada; pida uno nuevo al defensor.
mandate-revoked = El defensor revocó este mandato. No se envió nada.
mandate-no-attachments = El mandato no permite compartir los adjuntos. No se envió nada; preséntelo sin ellos.
mandate-wrong-briefing = El informe no corresponde al mandato. No se envió nada.
relay-invitation-unknown = El relé no conoce esta invitación. No se creó nada; verifique el código con el Centro.
relay-invitation-expired = Esta invitación venció. No se creó nada; pida una nueva al Centro.
relay-invitation-used = Esta invitación ya se usó. No se creó nada; pida una nueva al Centro (y avíselo si no fue usted).
relay-not-permitted = El relé indica que este perfil no puede hacer eso (solo el personal del Centro en la lista puede).
relay-roster-rejected = El relé rechazó la lista: no está firmada por la raíz del Centro o no sigue a la versión actual.
relay-first-contact-busy = Se están creando demasiados perfiles sin invitación en este momento. Su perfil está guardado; `amicus sync` lo registrará más tarde.
role-member = Miembro del Comité
role-staff = Personal del Centro
role-intake = Recepción del Centro
centre-created = Se creó la clave raíz del Centro en este perfil y se publicó la primera lista. Clave raíz:
centre-config-hint = El relé tomó esta clave como la del Centro con la primera lista: no hay nada que configurar ni reiniciar. (Un operador también puede escribirla en la configuración del relé como centre_root, para que ninguna otra clave pueda ocupar su lugar.) Guarde bien la frase de contraseña de este perfil: protege la clave que firma la lista.
invite-created = Invitación creada, { $days ->
        [one] válida { $days } día,
       *[other] válida { $days } días,
    } de un solo uso. Désela solo a la persona a quien va dirigida:
sent-empty = Todavía no envió ningún informe.
sent-line = { $number }  { $time }  { $title }  (a { $to })
sent-mandate-active = Mandato dado: el Centro puede presentarlo.
sent-mandate-revoked = Mandato revocado.
receipt-received = Recibido por el Centro ({ $time })
receipt-presented = Presentado a { $member } ({ $time })
receipt-read = Leído por { $member } ({ $time })
receipt-withdrawn = Retirado ante { $member } tras su revocación ({ $time })
revoke-sent = Revocación enviada al Centro. Retirará el informe ante cada miembro a quien se presentó.
mandates-empty = No hay mandatos.
mandate-line = { $number }  { $title }
mandate-presented = presentado a { $member } ({ $time })
enrol-done = Está inscrito. Su perfil está en { $dir }.
enrol-joined = Este perfil ya está inscrito en el Centro: la misma identidad y los mismos contactos que antes. Está en { $dir }.
enrol-joining = Inscripción en el Centro...
enrol-centre = Puede escribir al Centro: { $names }.
enrol-send-card = Dé su tarjeta de contacto al Centro para que le añada a la lista:
sync-updates = { $count ->
        [one] { $count } acuse o aviso aplicado.
       *[other] { $count } acuses o avisos aplicados.
    }
sync-sent-on-behalf = { $count ->
        [one] Se envió { $count } mensaje en espera (escrito cuando el relé no respondía, un acuse, una pregunta o respuesta transmitida).
       *[other] Se enviaron { $count } mensajes en espera (escritos cuando el relé no respondía, acuses, preguntas y respuestas transmitidas).
    }
mark-withdrawn = (retirado)
mark-presented = (presentado)
mark-mandate = (mandato)
mark-question = (pregunta)
mark-answer = (respuesta)
attribution-anonymous = una fuente anónima
attribution-pseudonym = «{ $name }» (un seudónimo)
attribution-organisation = { $name }
mandate-any-staff = cualquier miembro del personal del Centro
mandate-any-member = cualquier miembro del Comité
mandate-terms = Puede presentarlo { $staff } a { $members }, en nombre de { $attribution }, hasta el { $expires }.
mandate-attachments-yes = Los adjuntos pueden compartirse.
mandate-attachments-no = Los adjuntos no pueden compartirse.
mandate-revoked-at = Revocado por el defensor el { $time }.
facts-state = Estado parte: { $value }
facts-session = Período de sesiones: { $value }
facts-stage = Etapa del examen: { $value }
facts-articles = Artículos del Pacto: { $value }
facts-language = Idioma: { $value }
stage-none = sin indicar
stage-loipr = Lista de cuestiones previa a la presentación del informe
stage-loi = Lista de cuestiones
stage-dialogue = Diálogo constructivo
stage-follow-up = Seguimiento
confidentiality-confidential = Confidencial: solo para los destinatarios.
confidentiality-quotable = Puede citarse sin nombrar la fuente.
confidentiality-public = Puede hacerse público.
read-with-mandate = El defensor dio un mandato para presentarlo:
read-presented = Presentado por el Centro ({ $staff }) en nombre de { $attribution }.
read-briefing-hash = Código de control del informe (el mismo que en el mandato del defensor): { $hash }
read-mandate-expires = El mandato vale hasta el { $time }.
read-withdrawn = RETIRADO: la fuente revocó el mandato el { $time }. No use este informe.
read-ask-hint = Haga una pregunta complementaria a través del Centro: amicus ask { $number } --text "..."
read-question = Una pregunta de { $member }, transmitida por el Centro. Esa persona no sabe quién es usted.
read-answer-hint = Para responder: amicus answer { $number } --text "..."
read-answer = Una respuesta de la fuente, transmitida por el Centro.
settings-on = activado
settings-receipts = Acuses de lectura de informes presentados: { $state }.
demo-proxy-title = 9. El lado del Centro: el Centro crea su clave raíz y su lista firmada, e inscribe a un miembro del Comité y a un defensor con invitaciones de un solo uso.
demo-proxy-roster = versión { $version } de la lista firmada por el Centro y aceptada por cada cliente
demo-proxy-title-canary = CANARY-TITLE: represalias contra abogados que se reunieron con el Comité
demo-proxy-body-canary = CANARY-BODY: Dos abogados fueron excluidos del colegio tras el último examen.
demo-proxy-submitted = 10. El defensor envió un informe al Centro con un mandato firmado: presentarlo solo al miembro M, con el seudónimo «Witness K», sin adjuntos.
demo-proxy-refused = Presentarlo con sus adjuntos, que el mandato no permite, se rechaza: { $reason }
demo-proxy-presented = 11. El personal del Centro lo presentó al miembro M, dentro del mandato.
demo-proxy-member-sees = el miembro ve: presentado por el Centro ({ $staff }) en nombre de «{ $attribution }»
demo-proxy-hidden = la copia del miembro no contiene ni el buzón ni la clave del defensor
demo-proxy-not-hidden = LA COPIA DEL MIEMBRO NOMBRA AL DEFENSOR
demo-proxy-receipts = 12. Los acuses del defensor, de extremo a extremo a través del Centro:
demo-proxy-needle-state = el Estado parte
demo-proxy-needle-attribution = el seudónimo del mandato
demo-proxy-searched = 13. Nueva búsqueda en los { $files } archivos del relé y en su registro:
sync-pending-on-behalf = { $count ->
        [one] { $count } mensaje se guarda en este dispositivo a la espera del relé; el próximo `amicus sync` lo enviará.
       *[other] { $count } mensajes se guardan en este dispositivo a la espera del relé; el próximo `amicus sync` los enviará.
    }

## Adjuntos
err-attachment-file = No se puede usar el archivo { $path }: { $reason }.
err-file-changed = El archivo { $path } cambió desde que empezó su envío. No se envió nada; envíelo de nuevo y se subirá como un archivo nuevo.
err-attachment-damaged = El adjunto «{ $name }» se dañó o fue alterado por el camino y no se puede abrir. No se guardó nada; pida al remitente que lo envíe de nuevo.
err-attachment-too-large = El archivo tiene { $len } bytes; un adjunto puede tener como máximo { $max } bytes.
err-no-attachment = El mensaje { $number } no tiene el adjunto número { $index }.
relay-blob-too-large = El archivo supera lo que acepta el relé. Divídalo (por ejemplo un vídeo en partes) y envíe las partes.
relay-blob-store-full = El relé no tiene espacio para este archivo ahora. No se perdió nada; inténtelo más tarde o consulte al operador del relé.
relay-blob-unknown = El relé ya no tiene este adjunto (caducó, o todos los destinatarios ya lo descargaron). Pida al remitente que lo envíe de nuevo.
relay-blob-transfer = La transferencia se desincronizó con el relé. Ejecute la misma orden otra vez: continúa desde lo que el relé tiene.
transfer-paused = Conexión perdida. Se reanuda en { $secs } s; nada de lo ya enviado se envía de nuevo.
transfer-paused-full = El relé no tiene espacio por ahora (su disco está lleno o falla). No se pierde nada: nuevo intento en { $secs } s, y `amicus sync` terminará más tarde si tarda más.
transfer-paused-busy = El relé pide esperar. Nuevo intento en { $secs } s; nada de lo ya enviado se envía de nuevo.
transfer-resumed = Se reanuda desde { $done } de { $total }.
attach-uploading = Subiendo { $name } (cifrado una sola vez para todos los destinatarios)
attach-downloading = Descargando { $name }
attach-opening = Descifrando { $name } en su carpeta
attach-saved = Guardado: { $path }
attach-line = adjunto { $index }: { $name } ({ $size }){ $kept }
attach-kept = , en este dispositivo
attach-hint = Guarde los adjuntos con: amicus save { $number }
err-attachment-withheld = El adjunto «{ $name }» no se presentó con este informe; solo se muestra su descripción. Pídalo al Centro si lo necesita.
err-incomplete-file = El archivo «{ $name }» no llegó completo, así que no se guardó. No se perdió nada más: elija de nuevo el archivo.
err-staged-missing = Un archivo elegido para este informe ya no se guarda en este dispositivo. Su texto se conserva: elija de nuevo el archivo.
help-save = Guardar los adjuntos de un informe recibido (los descarga si hace falta; reanuda una descarga cortada)
arg-attach = Adjuntar un archivo (repetir para varios); se cifra una vez y se sube, reanudando si se corta
arg-attachment = Solo este adjunto (1 para el primero)
arg-into = Carpeta donde guardar (por defecto: la carpeta actual)

## La aplicación web local (`amicus app`)
web-title = Amicus
web-language = Idioma
web-start-intro = Amicus lleva sus informes al Comité de Derechos Humanos de la ONU y al Centro por los Derechos Civiles y Políticos, cifrados en este dispositivo. El relé que los transporta solo ve sobres sellados.
web-create-title = Crear su perfil
web-create-help = Necesita la dirección del relé y su código de verificación, que le dio la persona que le entregó Amicus. Elija una frase de contraseña larga que pueda recordar: nadie, ni siquiera el Centro, puede recuperarla.
web-name = Su nombre, tal como lo verán sus contactos
web-relay = Dirección del relé
web-pin = Código de verificación del relé
web-passphrase = Frase de contraseña
web-confirm = La misma frase de contraseña otra vez
web-create = Crear mi perfil
web-created = Su perfil está listo. Dé su tarjeta de contacto a las personas que deben escribirle.
web-unlock-title = Desbloquear Amicus
web-unlock-help = Escriba su frase de contraseña. Nunca sale de este dispositivo. Amicus se bloquea solo tras unos minutos sin uso.
web-unlock = Desbloquear
web-lock = Bloquear ahora
web-locked = Amicus está bloqueado. Escriba su frase de contraseña para continuar.
web-tab-inbox = Bandeja de entrada
web-tab-write = Escribir un informe
web-tab-outbox = Bandeja de salida
web-tab-contacts = Contactos
web-tab-safety = Seguridad
web-sync = Enviar y recibir
web-working = Trabajando…
web-inbox-empty = Todavía no hay informes. Pulse «Enviar y recibir» para buscar nuevos.
web-inbox-unread = nuevo
web-back = Volver a la bandeja de entrada
web-write-help = Todo lo que escribe aquí se cifra en este dispositivo antes de salir. Si el relé no responde, su informe se guarda en este dispositivo y se envía después: nada de lo que escribe se pierde.
web-write-to = Para (marque uno o varios contactos)
web-write-no-contacts = Todavía no tiene contactos: añada uno en Contactos primero.
web-write-title = Título
web-write-text = Su informe
web-write-state = Estado parte afectado
web-write-session = Período de sesiones del Comité, si lo conoce (por ejemplo CCPR 145)
web-write-stage = Etapa del examen
web-write-articles = Artículos del Pacto afectados (números, por ejemplo 9, 14)
web-write-language = Idioma de su texto
web-write-confidentiality = Qué puede hacer el Comité con él
web-write-send = Cifrar y enviar
web-language-none = no indicado
web-outbox-empty = Su bandeja de salida está vacía: el relé aceptó todo lo que envió.
web-card-title = Mi tarjeta de contacto
web-card-help = Dé esta tarjeta (el texto, o la imagen para escanear) a las personas que deben escribirle. No contiene ningún secreto.
web-add-title = Añadir un contacto
web-add-card = Su tarjeta de contacto
web-add-name = Un nombre para esta persona
web-add = Añadir el contacto
web-compare = Compare este número de seguridad con { $name }, en persona o en una llamada de confianza. Si ambos ven las mismas cifras, nadie se ha interpuesto.
web-safety-number = Número de seguridad
web-verify = Lo comparamos: marcar como verificado
web-contacts-none = Todavía no hay contactos.
web-qr-failed = No se pudo dibujar la imagen de su tarjeta; copie su texto en su lugar.
web-qr-alt = Su tarjeta de contacto como imagen para escanear
web-send-waiting = Guardado en su bandeja de salida para { $name } ({ $reason }); sale cuando pulse «Enviar y recibir» y el relé responda.
web-safety-title = Lo que el relé puede ver y lo que no
web-safety-relay = El relé solo guarda sobres sellados. No puede leer sus informes, ni sus títulos, ni sus adjuntos, y no se le dice quién envió un informe. Sí ve cuándo llegan los sobres, su tamaño redondeado, a qué buzón van y la dirección de red desde la que se conecta (use Tor para ocultarla).
web-safety-device = En este dispositivo todo se guarda cifrado con su frase de contraseña. Esta página no deja nada en la caché del navegador. Bloquee Amicus cuando se aleje; también se bloquea solo tras unos minutos sin uso.
web-launch-used = Este enlace ya se usó o no es válido. Por su seguridad, cada enlace abre Amicus una sola vez: ejecute de nuevo `amicus app` para obtener otro.
web-wrong-host = Esta dirección no es la que dio Amicus. Abra el enlace que mostró `amicus app`.
web-forged = Esta solicitud no venía de la página de Amicus y fue rechazada. No cambió nada.
web-app-started = Amicus está abierto en su navegador. Si no se abrió, copie este enlace en su navegador (sirve una sola vez): { $url }
web-app-stop = Pulse aquí Ctrl-C para cerrar Amicus; se bloquea de inmediato.
web-app-browser = No se pudo abrir su navegador automáticamente.
web-tab-centre = El Centro
web-enrol-title = Tengo una invitación
web-enrol-help = El Centro por los Derechos Civiles y Políticos le da un código de invitación (o un archivo que lo contiene). Sirve una sola vez y trae la dirección del relé y la lista de miembros y personal del Centro.
web-enrol-code = Código de invitación
web-enrol-file = O abra el archivo de invitación
web-enrol = Unirme con esta invitación
web-enrol-done = Su perfil está listo y se unió al Centro: sus miembros y su personal son ahora sus contactos.
web-enrol-joined = Su perfil se unió al Centro, con la misma identidad y los mismos contactos: sus miembros y su personal son ahora sus contactos.
web-join-title = Unirse al Centro
web-join-help = Pegue el código de invitación que le dio el Centro. Su perfil conserva su identidad y sus contactos.
web-ask = Una pregunta sobre este informe, enviada a través del Centro (nunca se le nombra al defensor, ni a usted ante él)
web-ask-send = Enviar la pregunta
web-answer = Su respuesta, devuelta por el camino de la pregunta
web-answer-send = Enviar la respuesta
web-mandate-on = Dejar que el Centro presente este informe a los miembros del Comité en mi nombre
web-mandate-title = Mandato de presentación
web-mandate-help = Usted firma un mandato: quién en el Centro puede presentarlo, a qué miembros, cómo se le nombra y por cuánto tiempo. Los miembros nunca saben quién es usted salvo que lo elija. Puede revocarlo en cualquier momento.
web-mandate-staff = Personal del Centro que puede presentarlo (ninguno marcado: cualquier miembro del personal)
web-mandate-members = Miembros a quienes puede presentarse (ninguno marcado: cualquier miembro)
web-mandate-attribution = Qué se dice a los miembros sobre su origen
web-attribution-anonymous = Fuente anónima
web-attribution-pseudonym = Un seudónimo
web-attribution-organisation = Una organización
web-attribution-named = Mi nombre
web-mandate-attribution-name = El seudónimo, la organización o el nombre que se mostrará
web-mandate-attachments = El Centro puede compartir los adjuntos con los miembros
web-mandate-days = Días que dura el mandato
web-sent-title = Los informes que envié, y qué pasó con ellos
web-sent-empty = Todavía no envió nada.
web-revoke = Revocar el mandato
web-mandates-title = Informes que puedo presentar
web-mandates-help = Cada informe solo puede presentarse dentro de su mandato. Si una presentación lo excediera, se rechaza, se muestra el motivo y no se envía nada.
web-present = Presentar a este miembro
web-present-attachments = con sus adjuntos (si el mandato lo permite)
web-roster-title = La lista firmada de miembros y personal del Centro
web-roster-add-title = Añadir a alguien a la lista
web-roster-role = Función
web-role-member = Miembro del Comité
web-role-staff = Personal del Centro
web-role-defender = Defensor
web-roster-term = Fin del mandato o del cargo (opcional)
web-roster-add = Firmar y publicar
web-roster-remove = Quitar
web-invite-title = Invitar a alguien
web-invite-days = Días de validez de la invitación
web-invite = Crear una invitación de un solo uso
web-settings-title = Ajustes
web-settings-wipe-after = Borrar el perfil tras este número de frases de contraseña erróneas (0: nunca)
web-settings-delete-after = Eliminar los informes leídos tras este número de días (0: conservarlos)
web-settings-receipts = Avisar al Centro cuando haya leído un informe presentado
web-settings-save = Guardar los ajustes
web-wipe-title = Borrado rápido
web-wipe-help = Destruye este perfil en este dispositivo de inmediato: informes, contactos y claves. Nadie puede recuperarlo, ni siquiera con la frase de contraseña. Los informes que ya están en el relé siguen sellados allí hasta que caduquen.
web-wipe = Borrar este perfil
web-wipe-cancel = Cancelar, no borrar
web-wipe-countdown = El perfil se borrará en
web-wipe-cancelled = Cancelado: no se borró nada.
web-send-cancel = Detener el envío (queda en su bandeja de salida)
web-send-stopped = Detenido. Su informe se guarda en este dispositivo, con lo ya subido de sus adjuntos; «Enviar y recibir» lo termina.
web-writing-saved = Guardado en este dispositivo (cifrado).
web-writing-discarded = Descartado.
web-writings-title = Informes que empezó a escribir
web-writing-continue = Continuar
web-writing-discard = Descartar
web-transfer = { $name }: { $done } de { $total } ({ $rate } por segundo).
web-transfer-left = Quedan unos { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.
web-transfer-paused = En pausa: { $reason }. Continúa solo; nada de lo ya enviado se envía de nuevo.
web-attachments = Adjuntos (fotos, documentos, vídeos)
web-attachments-drop = Elija archivos, o suéltelos aquí. Cada uno se cifra en este dispositivo al añadirlo.
web-attachment-ready = listo, cifrado en este dispositivo
web-attachment-adding = cifrando…
web-attachment-save = Guardar
web-attachment-withheld = no compartido con usted
web-attachments-title = Adjuntos
language-en = English
language-fr = Français
language-es = Español

## ICCPR articles, short titles (the Covenant itself has none; these follow common usage)
article-1 = Libre determinación de los pueblos
article-2 = Respeto y garantía de los derechos, sin discriminación; recurso efectivo
article-3 = Igualdad de derechos de hombres y mujeres
article-4 = Suspensión en situaciones excepcionales
article-5 = Ninguna interpretación que destruya los derechos
article-6 = Derecho a la vida
article-7 = Prohibición de la tortura y de los tratos crueles, inhumanos o degradantes
article-8 = Prohibición de la esclavitud, la servidumbre y el trabajo forzoso
article-9 = Libertad y seguridad personales; ninguna detención arbitraria
article-10 = Trato humano de las personas privadas de libertad
article-11 = Ninguna prisión por incumplir una obligación contractual
article-12 = Libertad de circulación y de salir de cualquier país
article-13 = Expulsión de extranjeros
article-14 = Juicio imparcial
article-15 = Ninguna pena sin ley
article-16 = Reconocimiento de la personalidad jurídica
article-17 = Vida privada, familia, domicilio y correspondencia
article-18 = Libertad de pensamiento, de conciencia y de religión
article-19 = Libertad de opinión y de expresión
article-20 = Prohibición de la propaganda en favor de la guerra y de la apología del odio
article-21 = Reunión pacífica
article-22 = Libertad de asociación, incluida la sindical
article-23 = Familia y matrimonio
article-24 = Derechos del niño
article-25 = Participación en los asuntos públicos, derecho a votar y ser elegido
article-26 = Igualdad ante la ley, no discriminación
article-27 = Derechos de las minorías
web-write-articles-pick = Artículos del Pacto afectados (marque los que correspondan)
web-write-state-pick = Escriba o elija el Estado parte
size-bytes = { $value } bytes
size-kb = { $value } KB
size-mb = { $value } MB
size-gb = { $value } GB
err-no-proxy-route = Hay un proxy configurado, y la dirección del relé { $addr } no tiene una ruta HTTPS (que empiece por https://) para llegar a él a través del proxy. Con un proxy, Amicus nunca se conecta directamente, así que no se conectó. No se perdió nada: lo que escribió se conserva en este dispositivo. Pida a quien le invitó una tarjeta o invitación actualizada, o quite el proxy con `amicus settings --proxy off`.
err-onion-needs-proxy = La dirección del relé { $addr } solo se alcanza a través de Tor (es una dirección onion). No se perdió nada. Inicie Tor (o Tor Browser, u Orbot) y configúrelo como proxy, por ejemplo `amicus settings --proxy 127.0.0.1:9050` (Tor Browser: 9150).
err-proxy-not-address = Esa no es una dirección de proxy. Escríbala como dirección:puerto, por ejemplo 127.0.0.1:9050 para Tor, 127.0.0.1:9150 para Tor Browser. No se cambió nada.
err-proxy-named-host = Indique el proxy por su dirección IP (o como localhost), por ejemplo 127.0.0.1:9050: buscar un nombre saldría del proxy. No se cambió nada.
err-proxy-not-socks5 = Amicus solo funciona con proxies SOCKS5 (Tor, Tor Browser, Orbot). Escriba la dirección como dirección:puerto, por ejemplo 127.0.0.1:9050. No se cambió nada.
route-direct = Amicus vuelve a llegar al relé por su ruta directa.
route-https = Su red no deja pasar la ruta directa de Amicus, así que Amicus llega ahora al relé por HTTPS, como a un sitio web corriente. Sus informes están tan protegidos como antes; solo cambió el camino.
route-proxied = Amicus llega al relé a través de su proxy: el relé ve la dirección del proxy, no la suya.
route-onion = Amicus llega al relé a través de Tor, en su dirección onion: ni el relé ni su red ven dónde está el otro.
arg-proxy = Un proxy SOCKS5 (Tor: 127.0.0.1:9050, Tor Browser: 127.0.0.1:9150) para todas las conexiones; con `settings`, se guarda en el perfil (`off` lo quita).
settings-proxy = Proxy: { $proxy }.
settings-proxy-none = ninguno (conexión directa)
web-proxy = Proxy SOCKS5, para Tor (déjelo vacío para conectarse directamente)
web-proxy-help = Si Tor funciona en este dispositivo, escriba 127.0.0.1:9050 (Tor Browser: 127.0.0.1:9150, Orbot: 127.0.0.1:9050). Amicus se conecta entonces solo a través de él: el relé no ve su dirección, y su red solo ve Tor.
err-proxy-unreachable = Nada responde en la dirección de su proxy, { $proxy }: ¿está funcionando Tor (o Tor Browser, u Orbot)? Amicus no se conectó por ningún otro camino. No se perdió nada: lo que escribió se conserva en este dispositivo y sale en cuanto el proxy responda. Inicie Tor e inténtelo de nuevo, o cambie el proxy en los ajustes.
demo-blocked-title = 14. Una defensora cuya red bloquea QUIC (como las grandes redes de Rusia e Irán): el relé también responde en su ruta TCP, que parece un servidor HTTPS corriente.
demo-blocked-fell-back = la primera conexión pasó a ella por sí sola, en { $secs } s; el perfil la recuerda, y se lo dijo a la defensora:
demo-blocked-subject = Enviado donde QUIC está bloqueado
demo-blocked-body = Este informe llegó al relé por su ruta que parece HTTPS.
demo-blocked-sent = { $count } informe enviado por esa ruta, en { $secs } s
demo-blocked-received = el miembro recibió { $count } informe
demo-blocked-clean = se registró de nuevo el relé: nada de esta defensora (nombre, buzón) ni del informe
reason-tokens-exhausted = no quedan fichas de envío por ahora
reason-token-refused = ficha de envío rechazada; la próxima vez se probará otra
relay-tokens-exhausted = Este perfil ha usado todas las fichas de envío que el relé le concede en este período. No se perdió nada: lo que escribió espera en la bandeja de salida y saldrá por sí solo cuando lleguen las fichas del período siguiente (una sincronización las obtiene). Si ocurre a menudo, pida una invitación al Centro: los defensores inscritos reciben más.
relay-token-refused = El relé rechazó una ficha de envío. No se perdió nada: el informe sigue en la bandeja de salida, y la próxima sincronización obtiene fichas nuevas y lo envía.
err-token-key-changed = El relé mostró, para el mismo período, una clave de firma de fichas de envío distinta de la que había mostrado. Un relé que hace esto podría distinguir a sus usuarios, así que Amicus se detuvo y no envió nada. No se perdió nada. Avise al Centro; no envíe nada delicado hasta que haya revisado el relé.
