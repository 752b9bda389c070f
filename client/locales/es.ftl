# Mensajes de la línea de órdenes de Amicus, español.

## Errores
err-no-profile = No hay ningún perfil de Amicus en { $dir }. Cree uno con `amicus init`, o indique el suyo con --profile.
err-profile-exists = Ya existe un perfil en { $dir }. No se cambió nada. Úselo, o elija otra carpeta con --profile.
err-wrong-passphrase = La frase de contraseña no es correcta. No se cambió nada; inténtelo de nuevo (revise la distribución del teclado y Bloq Mayús).
err-wrong-passphrase-left = La frase de contraseña no es correcta. No se cambió nada. Tras { $left } intento(s) erróneo(s) más, este perfil se borrará.
err-wiped-after-failures = Demasiadas frases de contraseña erróneas: el perfil se borró, como lo había pedido su titular. No se puede recuperar nada.
err-passphrase-short = Esa frase de contraseña es demasiado corta. Elija una de al menos { $min } caracteres; varias palabras sin relación entre sí funcionan bien.
err-corrupt = Una parte de su almacenamiento local está dañada o fue alterada ({ $what }). Amicus se negó a usarla. No borre nada; pida ayuda al soporte del Centro.
err-storage = Amicus no pudo escribir en el almacenamiento de este dispositivo ({ $detail }). No se perdió nada de lo ya guardado. Libere espacio o revise los permisos y vuelva a intentarlo.
err-unreachable = No se pudo contactar con el relé en { $addr }. No se perdió nada: lo que está en su bandeja de salida sigue ahí y `amicus sync` lo enviará cuando la conexión funcione. Un informe para alguien a quien nunca escribió necesita la conexión para salir; si no aparece en `amicus outbox`, envíelo de nuevo más tarde.
err-pin-mismatch = El relé no demostró ser el que le indicaron (su clave no coincide con la huella). Amicus no se conectó. Compruebe la dirección y la huella del relé con quien le invitó; alguien podría estar interceptando la conexión.
err-unexpected = El relé respondió de una forma que Amicus no entiende. No se perdió nada. Puede que use otra versión; inténtelo más tarde o consulte a su operador.
err-bad-card = Esa no es una tarjeta de contacto válida. Copie la tarjeta completa (empieza por `amicus:`) e inténtelo de nuevo.
err-unknown-contact = No tiene ningún contacto llamado «{ $name }». Vea sus contactos con `amicus contacts list`.
err-contact-exists = Ya tiene este contacto (o uno llamado «{ $name }»). No se cambió nada.
err-identity-changed = El número de seguridad de «{ $name }» ha cambiado. No se envió nada. Ocurre cuando la persona reinstala Amicus, pero también puede significar que alguien se hace pasar por ella. Compare el nuevo número con ella por otro medio (`amicus contacts verify { $name }`) y luego confírmelo.
err-other-relay = «{ $name }» usa un relé distinto del suyo. Esta versión solo puede enviar a través de su propio relé; pídale una tarjeta de contacto de su relé.
err-too-large = El informe es demasiado largo para enviarlo como mensaje ({ $len } bytes; el límite es { $max }). Acórtelo o divídalo en varios informes. No se envió nada.
err-no-message = No hay ningún mensaje número { $number }. Vea sus mensajes con `amicus inbox`.
err-unknown-recipient = El relé no conoce el buzón de este destinatario. No se envió nada. Compruebe que su tarjeta de contacto esté al día.
err-not-registered = Su perfil aún no está registrado en el relé. Ejecute `amicus sync` cuando tenga conexión.
err-signal = Falló un paso de cifrado. No se envió ni se borró nada. Inténtelo de nuevo; si sigue fallando, ejecute con --verbose y pida ayuda.
err-input = { $text }.
err-no-passphrase = No se dio ninguna frase de contraseña. Ejecute Amicus en un terminal, o defina AMICUS_PASSPHRASE o --passphrase-file.
err-passphrases-differ = Las dos frases de contraseña no coinciden. No se creó nada.
err-bad-pin = La huella debe ser los 64 caracteres hexadecimales que mostró el relé.
err-cannot-read = No se puede leer { $path }: { $detail }.
err-no-recipient = Indique al menos un destinatario con --to.
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
detail = (detalle: { $detail })

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
guide-status = Perfil «{ $name }»: { $unread } informe(s) sin leer, { $outbox } esperando en su bandeja de salida, { $contacts } contacto(s).
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
contact-line = { $name }  ({ $state })
contact-changed-warning = ATENCIÓN: el número de seguridad de { $name } ha CAMBIADO.
contact-verified = { $name } quedó marcado como verificado.
contact-confirm-hint = Si coincide con lo que ve { $name }, ejecútelo de nuevo con --confirm.
contact-saved-sender = El remitente del mensaje { $number } se guardó como { $name }.
contact-compare-sender = Compárelo con esa persona antes de fiarse de su identidad.

## envío, sincronización, recepción
send-progress = Cifrando y enviando a { $count } destinatario(s)...{" "}
send-delivered = Entregado al relé para { $name }.
send-waiting = Se conserva en su bandeja de salida para { $name } ({ $reason }); `amicus sync` lo reintentará.
sync-sent = Se enviaron { $count } informe(s) desde su bandeja de salida.
sync-waiting = { $count } informe(s) siguen esperando en su bandeja de salida.
sync-received = { $count } informe(s) nuevo(s).
sync-quarantined = { $count } sobre(s) no se pudieron leer y se apartaron: vea `amicus quarantine`.
sync-auto-deleted = Se borraron { $count } informe(s) leído(s) más antiguos que su plazo de conservación.
inbox-empty = No hay informes. Reciba nuevos con `amicus sync`.
inbox-line = { $number } { $mark } { $time }  de { $from }  { $subject }
unknown-sender = remitente desconocido { $id }
read-from = De:      { $from }
read-key-warning = ATENCIÓN: enviado con una clave distinta del número de seguridad del contacto.
read-sent = Enviado: { $time }
read-subject = Asunto:  { $subject }
outbox-empty = Su bandeja de salida está vacía: todo se entregó al relé.
outbox-not-sent = aún no enviado
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
demo-not-found = { $what }: no encontrado
demo-found = { $what }: ENCONTRADO en { $where }
demo-fetched = 7. El miembro recibió { $count } informe, lo guardó y luego dejó que el relé lo borrara:
demo-from = de:     { $from }
demo-subject = asunto: { $subject }
demo-body = texto:  { $body }
demo-left = 8. Sobres que quedan en el relé: { $count }
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
arg-version = Mostrar la versión.
quarantine-undecryptable = no se pudo descifrar (dañado, falsificado o repetido)
quarantine-bad-sender = no se pudo identificar al remitente
quarantine-unreadable = descifrado, pero no es un informe que esta versión pueda leer
quarantine-other = no se pudo procesar
sync-progress = Enviando y recibiendo informes...
