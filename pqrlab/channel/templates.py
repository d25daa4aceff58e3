"""Spanish text pieces for PQRS e-mails in Colombian registers (the generator's training language).

`pqrlab/channel/language.py` composes an e-mail from independent slots: greeting × self-identification
× facts × request × legal basis × situation × closing × signature, in one of several styles (formal
derecho de petición, lawyer's HECHOS/PETICIONES, angry capitals, WhatsApp, elderly writer, long letter,
two issues, forwarded chain, quoted reply, footers). The facts say what happened in the words of the
case's type, following `docs/labelling-guide.md`:

- queja: the conduct of a public servant or contractor (rude treatment, refusal to attend, bribery,
  negligence of a concrete person);
- reclamo: a deficient or missing service, a wrong charge, an unresolved right (sin agua, sin profesor,
  cobro doble, subsidio no pagado, a petition not answered in time);
- petición general / documentos / consulta: an action, a document or information, a legal opinion;
- sugerencia: an improvement with no own damage to repair.

Nothing here is copied from the hand-written evaluation set (`tests/test_language.py` checks it).
"""
from __future__ import annotations

PQRS_TYPES = ("peticion", "queja", "reclamo", "sugerencia")
PETITION_SUBTYPES = ("general", "documentos", "consulta")
TOPICS = (
    "servicios_publicos", "salud", "educacion", "movilidad", "seguridad",
    "impuestos", "ambiente", "vivienda", "tramites", "otros",
)
PRIORITIES = ("alta", "media", "baja")

# -- opening -------------------------------------------------------------------------------------
GREETINGS_FORMAL = (
    "Respetados señores:", "Cordial saludo.", "Señores:", "Apreciados funcionarios:", "Estimados señores,",
    "Respetuoso saludo.", "Doctor(a):", "A quien corresponda:", "Reciban un cordial saludo.",
    "Honorables funcionarios:", "Distinguidos señores:",
)
GREETINGS_PLAIN = (
    "Buenos días,", "Buenas tardes,", "Buenas noches,", "Buen día", "Hola,", "Saludos cordiales,",
    "Estimados,", "Muy buenos días señores", "Buenas tardes señores", "Hola buenas,", "Buenos días señores de la alcaldía",
    "Buenas,", "Buen día para todos.",
)
GREETINGS_ELDER = (
    "Muy buenos días tengan ustedes, señores.", "Apreciados señores, reciban un saludo muy especial.",
    "Buenas tardes mi señor o mi señora que lea esto.", "Señores de la alcaldía, Dios me los bendiga.",
    "Buenos días, con todo respeto me dirijo a ustedes.",
)
GREETINGS_CHAT = ("bns dias", "buenas", "hola", "bn dia", "buenas tardes", "hola buenas tardes", "ola", "bnas noches")
GREETINGS = GREETINGS_FORMAL + GREETINGS_PLAIN + GREETINGS_ELDER + GREETINGS_CHAT

ADDRESSEES = {
    "servicios_publicos": ("Empresa de Servicios Públicos", "Oficina de Servicios Públicos Domiciliarios"),
    "salud": ("Secretaría de Salud", "Oficina de Atención al Usuario"),
    "educacion": ("Secretaría de Educación", "Dirección de Cobertura Educativa"),
    "movilidad": ("Secretaría de Movilidad", "Secretaría de Tránsito y Transporte", "Secretaría de Infraestructura"),
    "seguridad": ("Secretaría de Gobierno", "Inspección de Policía", "Secretaría de Seguridad y Convivencia"),
    "impuestos": ("Secretaría de Hacienda", "Oficina de Catastro", "Tesorería Municipal"),
    "ambiente": ("Secretaría de Ambiente", "Oficina de Gestión Ambiental", "Unidad de Gestión del Riesgo"),
    "vivienda": ("Secretaría de Vivienda", "Curaduría Urbana", "Fondo de Vivienda"),
    "tramites": ("Ventanilla Única", "Oficina de Atención al Ciudadano", "Secretaría General"),
    "otros": ("Despacho del Alcalde", "Secretaría de Cultura", "Oficina de Atención al Ciudadano"),
}

SELF_IDS = (
    "Mi nombre es {name}, identificado(a) con cédula de ciudadanía No. {cedula}{expedition}.",
    "Yo, {name}, mayor de edad, con C.C. {cedula}{expedition}, me dirijo a ustedes.",
    "Les escribe {name}, cédula {cedula}.",
    "Soy {name} (CC {cedula}) y escribo por lo siguiente.",
    "{name}, mayor de edad, identificado con la cédula {cedula}{expedition}, de manera respetuosa manifiesto:",
    "Mi nombre es {name} y les escribo como {role}.",
    "Les habla {name}, {role}.",
    "Me presento: {name}, {role}, documento {cedula}.",
    "Quien suscribe, {name}, con cédula {cedula}{expedition}, en calidad de {role}, respetuosamente expongo:",
    "Soy {name}, {role}.",
    "",
    "",
)
ROLES = (
    "usuario del servicio", "madre cabeza de familia", "comerciante del sector", "presidente de la junta de acción comunal",
    "veedor ciudadano", "residente del barrio", "propietario del predio", "padre de familia", "trabajador independiente",
    "integrante de la asociación de usuarios", "docente jubilado", "estudiante universitario", "arrendatario",
    "vecino del sector", "líder comunitario", "contribuyente", "representante legal de una pequeña empresa del sector",
    "veedora del contrato de la obra", "tendero del barrio", "conductor de servicio público", "campesino de la zona",
)
# A thanks or congratulations before a real request: still a PQRS (guide §2).
OPENERS = (
    "Primero quiero agradecer la atención que me dieron la vez pasada.", "Felicito a la entidad por el arreglo del parque.",
    "Antes que nada, gracias por el buen trabajo en el barrio.", "Me alegra ver que ya responden por este medio.",
)
EXPEDITIONS = ("", "", "", " de {city}", " expedida en {city}")

# -- places ----------------------------------------------------------------------------------------
PLACE_SENTENCES = (
    "Vivo en el municipio de {town}.", "Esto ocurre en {town}.", "Soy residente de {town}.",
    "La situación se presenta en {town}.", "Escribo desde {town}.", "Aquí en {town} la cosa está así.",
    "Les escribo desde {town}.", "Esto es en {town}.", "Resido en {town} hace varios años.",
    "El caso es en el municipio de {town}.", "Soy de {town}.", "Vivo en una vereda de {town}.",
    "Esto pasa en el barrio {hood} de {town}.", "Mi casa queda en {town}, barrio {hood}.",
)
TWO_PLACE_SENTENCES = (
    "Aunque vivo en {other}, el problema es en {town}.", "Soy de {other}, pero esto ocurre en {town}.",
    "Nací en {other} y hace años vivo en {town}.", "Trabajo en {other}, pero mi casa está en {town}, que es donde pasa esto.",
)
# No usable place: a neighbourhood alone, a department alone, "la capital" (label None).
NO_PLACE_SENTENCES = ("", "", "", "Esto pasa en el barrio {hood}.", "Vivo en el barrio {hood}.", "Vivo en la capital.",
                      "Soy del {region}.", "Esto es en el centro.", "Les escribo desde el {region}.")
REGIONS = ("Huila", "Tolima", "Valle", "Eje Cafetero", "Caribe", "Llano", "Pacífico", "Meta", "Cauca", "Putumayo")
HOODS = (
    "San José", "El Prado", "La Esperanza", "Villa del Río", "Los Almendros", "Primero de Mayo", "El Carmen",
    "La Floresta", "Santa Rita", "Las Palmas", "Nuevo Horizonte", "El Porvenir", "La Pradera", "Villa Nueva",
    "Brisas del Norte", "El Triunfo", "Los Pinos", "La Libertad",
)
# Towns named in ways that are NOT the place of the matter (guide, municipality rule 6).
DECOY_PLACES = (
    "Hice la consignación en el Banco de Bogotá y guardo el comprobante.",
    "Pagué por una sucursal del Banco de Occidente.",
    "La factura de Gases del Caribe llegó aparte.",
    "El envío lo hice por una transportadora que llega a toda Colombia.",
    "Me toca esperar otra vez, como siempre.",
    "Mi vecina, la señora Toro, también está afectada.",
    "El funcionario que me atendió se llama Suárez, creo.",
    "Los patios de las casas quedaron llenos de barro.",
    "Con dolores de cabeza de tanto hacer vueltas.",
    "Cuando pasé por el retén de la policía me dijeron que preguntara aquí.",
    "Mi cuñado Córdoba me dijo que escribiera.",
)

# -- facts per topic: servants (quejas), failures (reclamos), actions/documents/questions/ideas ----
SERVANTS = {
    "servicios_publicos": ("el técnico de la empresa de energía", "la funcionaria de atención del acueducto",
                           "el lector del medidor", "el operario que vino a cortar el servicio",
                           "el asesor de la oficina comercial de la empresa"),
    "salud": ("la enfermera de triage", "el médico de turno", "la funcionaria de la ventanilla de la EPS",
              "el vigilante del hospital", "la persona de facturación de la clínica", "el auxiliar de la farmacia"),
    "educacion": ("el rector del colegio", "la coordinadora de la institución", "un docente de la escuela",
                  "la secretaria académica", "el funcionario de cobertura de la secretaría"),
    "movilidad": ("el agente de tránsito", "la funcionaria de la ventanilla de tránsito", "el conductor del bus",
                  "el inspector de tránsito", "el operario de la grúa"),
    "seguridad": ("el patrullero del cuadrante", "el inspector de policía", "el comandante de la estación",
                  "la funcionaria de la comisaría de familia", "el policía de turno"),
    "impuestos": ("la funcionaria de la ventanilla de impuestos", "el cobrador de la tesorería",
                  "el perito de catastro", "el asesor de hacienda"),
    "ambiente": ("el funcionario de la secretaría de ambiente", "el inspector ambiental",
                 "el operario del carro de la basura", "el contratista de la poda"),
    "vivienda": ("la funcionaria del programa de vivienda", "el ingeniero de la curaduría",
                 "el contratista de mejoramiento de vivienda", "el funcionario de reasentamientos"),
    "tramites": ("la funcionaria de la ventanilla de radicación", "el guarda de seguridad de la sede",
                 "la persona que da los turnos", "el funcionario del SISBÉN", "la asesora del punto de atención"),
    "otros": ("el funcionario de la casa de la cultura", "el administrador del cementerio municipal",
              "el encargado del polideportivo", "la persona de la recepción de la alcaldía"),
}
CONDUCTS = (
    "me gritó delante de todo el mundo", "me trató de ignorante y se burló de mí",
    "se negó a recibirme los documentos sin ninguna razón", "me pidió {bribe} para agilizar el trámite",
    "me dijo que si no le daba {bribe} no me atendía", "me cerró la ventanilla en la cara",
    "se quedó en el celular y no me quiso atender", "perdió los papeles que le entregué y ahora niega haberlos recibido",
    "no llegó a la cita que él mismo programó y nadie avisó", "me humilló por mi forma de vestir",
    "me atendió de muy mala gana y con groserías", "me amenazó con no volver a atenderme si me quejaba",
    "le dio prioridad a sus conocidos y a mí me dejó esperando toda la mañana",
    "me insultó cuando le pregunté por mi caso", "se negó a darme su nombre cuando se lo pedí",
    "firmó que había hecho la visita sin haber venido", "me trató con desprecio por ser del campo",
    "me dijo que para adelantar mi turno tenía que darle {bribe}", "exigió {bribe} por debajo de la mesa",
    "me dejó esperando cuatro horas y después dijo que ya se iba", "se rió en mi cara cuando le expliqué",
    "no quiso recibir la queja escrita", "me habló con palabras de grueso calibre", "me sacó a empujones de la oficina",
    "atendió borracho", "me negó la atención porque no le caigo bien", "divulgó mis datos personales a otras personas",
)
BRIBES = ("cincuenta mil pesos", "una colaboración", "cien mil pesos", "plata por debajo", "un 'favorcito'",
          "doscientos mil", "para la gaseosa")
FAILURES = {
    "servicios_publicos": ("no tenemos agua", "se fue la luz y no la han vuelto a poner", "el alcantarillado está rebosado",
                           "la factura del acueducto vino por el triple", "me cobraron dos veces el mismo mes de energía",
                           "el carro de la basura no vuelve a pasar", "la lámpara del alumbrado de la cuadra está fundida",
                           "el agua llega turbia y con mal olor", "me facturaron un consumo que el medidor no marca",
                           "cortaron el gas estando al día con los pagos",
                    "el racionamiento de agua no respeta el horario anunciado",
                    "la tapa de la alcantarilla lleva semanas abierta",
                    "el recibo del aseo llegó con una tarifa de comercio y mi casa es vivienda",
                    "el internet del punto digital comunitario no funciona",
                    "la presión del agua es tan baja que no sube al segundo piso",),
    "salud": ("la EPS no me entrega los medicamentos formulados", "la cita con el especialista no la asignan",
              "me cobraron una cuota moderadora que no corresponde", "la autorización de la cirugía sigue sin salir",
              "el puesto de salud de la vereda está cerrado", "no hay médico en el centro de salud",
              "me negaron la terapia que ordenó el médico", "el examen de laboratorio lo perdieron y me toca repetirlo",
                    "la EPS me cambió de IPS sin avisar y ya no me atienden",
                    "la ambulancia nunca llegó aunque llamamos varias veces",
                    "la orden del examen se venció porque no dieron la cita a tiempo",
                    "me cobraron copago estando exento",),
    "educacion": ("*el colegio no tiene profesor de matemáticas", "*a los niños no les llega el refrigerio del PAE",
                  "*el transporte escolar dejó de pasar por la vereda", "*no le asignaron cupo a mi hijo",
                  "el techo del salón tiene goteras y se moja todo", "me cobraron matrícula en un colegio público",
                  "el certificado de estudios que pagué no me lo han entregado", "la beca aprobada no la han girado",
                    "*al niño no le entregan los textos escolares",
                    "el restaurante escolar está cerrado por falta de contrato",
                    "la sede rural no tiene baños en funcionamiento",
                    "no han pagado el auxilio de transporte estudiantil aprobado",),
    "movilidad": ("el hueco de la calle sigue ahí después de avisar", "el semáforo del cruce está apagado",
                  "me llegó una fotomulta de un carro que ya vendí", "me cobran un comparendo que ya pagué",
                  "el puente peatonal está deteriorado", "la ruta de bus dejó de entrar al barrio",
                  "la licencia de conducción pagada no me la han expedido", "la vía a la vereda está destapada e intransitable",
                    "el SITP no cumple los horarios",
                    "la moto sigue inmovilizada aunque ya pagué la multa",
                    "la señal de pare se cayó hace meses",),
    "seguridad": ("las cámaras del parque están apagadas", "la querella que radiqué no ha tenido trámite",
                  "la línea de emergencias no contesta", "el CAI del barrio permanece cerrado",
                  "me cobraron una diligencia de la inspección que es gratuita", "la patrulla nunca llegó después de llamar",
                    "la alarma comunitaria no funciona desde que la instalaron",
                    "la comisaría no ha citado a la otra parte en meses",
                    "el cuadrante nunca contesta el celular publicado",),
    "impuestos": ("me cobraron dos veces el predial", "el avalúo catastral subió el doble sin explicación",
                  "el pago que hice no aparece aplicado", "me llegó un cobro coactivo de un año que ya pagué",
                  "no me aplicaron el descuento por pronto pago", "me cobran industria y comercio de un negocio cerrado",
                    "el sistema no me deja descargar la factura del predial",
                    "me cobran valorización de una obra que nunca se hizo",
                    "el saldo a favor que me reconocieron no lo han devuelto",
                    "me cobran impuesto de vehículo de una moto que ya traspasé",),
    "ambiente": ("pagué la poda del árbol y nunca vinieron", "el botadero a cielo abierto sigue creciendo",
                 "los escombros que dejó la obra siguen en la quebrada", "me multaron por sacar la basura cuando el carro no pasó",
                 "la quebrada sigue contaminada aunque ya lo reportamos", "el contenedor de basura del barrio está roto",
                    "el lote vecino sigue lleno de basura aunque la secretaría ya lo visitó",
                    "la fumigación contratada no se hizo",
                    "el ruido del bar sigue después de la sanción",),
    "vivienda": ("el subsidio de vivienda aprobado no lo han pagado", "la casa entregada tiene grietas y humedad",
                 "el mejoramiento de vivienda quedó a medias", "la licencia de construcción lleva meses sin respuesta",
                 "me descontaron el subsidio sin haberlo recibido", "el arriendo temporal del reasentamiento no llega",
                    "la obra de mejoramiento dejó el techo peor que antes",
                    "me sacaron del listado de beneficiarios sin explicación",
                    "el título de la casa que entregó el programa tiene mal el nombre",),
    "tramites": ("pagué el certificado y no me lo han entregado", "la encuesta del SISBÉN quedó mal y no la corrigen",
                 "la plataforma para pedir citas no funciona", "me cobraron por un trámite que es gratuito",
                 "radiqué una solicitud y nunca me respondieron dentro del término", "el paz y salvo sigue saliendo con una deuda que no existe",
                    "el certificado salió con mis datos equivocados",
                    "la cita que me dieron la cancelaron dos veces",
                    "me devolvieron la solicitud pidiendo un papel que ya había entregado",),
    "otros": ("no me respondieron una solicitud anterior", "me cobraron por una información que es pública",
              "el parque del barrio está abandonado y los juegos rotos", "el polideportivo sigue cerrado sin razón",
              "la bóveda del cementerio que pagué no la han entregado", "el teléfono de la entidad nunca contesta",
                    "el escenario deportivo sigue con las luces dañadas",
                    "el auxilio del programa social no me lo han pagado",
                    "la biblioteca pública lleva meses cerrada",),
}
DURATIONS = ("desde hace {n} días", "hace {n} semanas", "desde el lunes", "desde el mes pasado", "hace ya {n} meses",
             "desde principio de año", "desde la semana pasada", "hace más de {n} días", "desde antier")
REPORTS = (
    "Ya llamé {n} veces y nada.", "Lo reporté y me dieron un número de caso, pero nadie vino.",
    "Radicamos la solicitud y no ha pasado nada.", "Fui personalmente y me dijeron que esperara.",
    "La empresa dice que ya está solucionado, pero es mentira.", "Nadie responde en la línea.",
    "Ya había escrito antes y no me contestaron.", "",
)
ACTIONS = {
    "servicios_publicos": ("instalar una lámpara de alumbrado en la esquina", "revisar el medidor de agua de mi casa",
                           "ampliar la red de alcantarillado a nuestra calle", "conectar el gas domiciliario en el sector",
                           "hacer una visita técnica a la acometida", "incluirnos en el plan de expansión de acueducto"),
    "salud": ("vacunar a los niños de la vereda en una jornada", "hacer una brigada de salud en el corregimiento",
              "fumigar contra el zancudo en el barrio", "inscribirme en el programa de crónicos",
              "trasladar mi afiliación a otra EPS", "programar la visita de la unidad móvil",
                    "autorizar el traslado a otro hospital",
                    "enviar un médico al corregimiento una vez al mes",
                    "vacunar a los perros del barrio contra la rabia",),
    "educacion": ("asignar un cupo para mi hija en el colegio oficial", "inscribir a mi hijo en el programa de alimentación",
                  "abrir jornada de la tarde en la sede rural", "incluir la escuela en la ruta escolar",
                  "reconocer el traslado de mi hijo a otra sede",
                    "abrir un grupo de validación del bachillerato",
                    "asignar el transporte escolar a mi vereda",
                    "dictar clases de inglés en la sede rural",),
    "movilidad": ("instalar un reductor de velocidad frente a la escuela", "poner señalización en el cruce",
                  "pavimentar la calle del barrio", "hacer un operativo contra el parqueo en la acera",
                  "reprogramar la audiencia del comparendo", "construir un andén en la vía principal",
                    "ampliar el horario de la ruta nocturna",
                    "pintar la cebra frente al hospital",
                    "autorizar el paso de carga por la vía alterna",),
    "seguridad": ("aumentar las rondas de la policía en el sector", "hacer un operativo en el parque por el expendio",
                  "instalar cámaras en la entrada del barrio", "conformar un frente de seguridad con los vecinos",
                  "hacer una visita por el ruido del vecino en las noches",
                    "mediar en el conflicto con el vecino por los linderos",
                    "cerrar el bar que funciona sin permiso",),
    "impuestos": ("firmar un acuerdo de pago del predial", "revisar el avalúo catastral de mi lote",
                  "aplicar la exención del predial por ser víctima", "actualizar el propietario en catastro",
                  "darme plazo para pagar industria y comercio",
                    "corregir el área del predio en catastro",
                    "suspender el cobro mientras se resuelve mi recurso",
                    "devolver el saldo a favor",),
    "ambiente": ("podar los árboles del parque", "hacer una visita por el ruido del taller", "recoger los escombros del lote",
                 "fumigar el caño", "hacer control a la quema de basura", "sembrar árboles en la ronda de la quebrada",
                    "limpiar el caño antes del invierno",
                    "revisar el humo de la ladrillera",
                    "rescatar los animales del humedal",),
    "vivienda": ("incluirme en el programa de mejoramiento de vivienda", "hacer la visita para legalizar el predio",
                 "postularme al subsidio de vivienda", "hacer un estudio de riesgo en el sector",
                 "reconocer la construcción de mi casa",
                    "visitar mi casa por las grietas que salieron",
                    "inscribirme en la convocatoria de vivienda nueva",
                    "titular el lote donde vivo hace veinte años",),
    "tramites": ("cambiar la cita asignada", "actualizar mis datos en el SISBÉN", "hacer el trámite en línea",
                 "corregir mi nombre en el registro", "hacer una nueva encuesta del SISBÉN en mi casa",
                    "agendar una cita presencial para el SISBÉN",
                    "expedir el certificado de residencia sin tanto requisito",
                    "atender por videollamada",),
    "otros": ("prestar el polideportivo para un torneo", "incluir a la junta en la rendición de cuentas",
              "autorizar un evento cultural en el parque", "permitir el uso del salón comunal",
                    "abrir la biblioteca los domingos",
                    "inscribir a mi hijo en la escuela de fútbol",),
}
DOCUMENTS = {
    "servicios_publicos": ("el histórico de consumos de los últimos doce meses", "el paz y salvo del acueducto",
                           "copia del acta de la visita técnica", "el contrato de condiciones uniformes",
                    "la factura duplicada de los últimos tres meses",
                    "el registro de los cortes programados del mes",),
    "salud": ("la historia clínica completa de mi mamá", "el certificado de afiliación", "copia de las autorizaciones negadas",
              "el listado de medicamentos entregados",
                    "la copia de la orden médica",
                    "el reporte de la vacunación de mi hijo",),
    "educacion": ("el certificado de estudios", "copia del acta de grado", "las notas del año pasado",
                  "el listado de cupos disponibles", "copia del contrato del transporte escolar",
                    "el boletín final de mi hija",),
    "movilidad": ("copia del comparendo y la foto", "el certificado de tradición del vehículo",
                  "el estado de cuenta de multas", "copia del contrato de la obra de la vía",
                    "la constancia de pago del comparendo",
                    "el registro de la licencia de conducción",),
    "seguridad": ("copia de la denuncia", "el acta de la diligencia de la inspección", "el informe del caso en la comisaría",
                  "las cifras de hurtos del barrio",
                    "la constancia de pérdida de documentos",
                    "copia del informe policial del accidente",),
    "impuestos": ("el paz y salvo del predial", "el estado de cuenta del predial", "la liquidación del avalúo",
                  "certificado de no deuda de industria y comercio",
                    "el certificado de avalúo del predio",
                    "la copia de la resolución de la exención",),
    "ambiente": ("el concepto técnico de la visita ambiental", "copia del permiso de tala",
                 "los resultados del muestreo de la quebrada", "el plan de manejo de residuos",
                    "copia de la licencia ambiental de la obra",
                    "el informe de calidad del aire del sector",),
    "vivienda": ("el certificado de la postulación al subsidio", "copia de la licencia de construcción del vecino",
                 "el listado de beneficiarios del programa", "el acta de entrega de la vivienda",
                    "la copia del plano aprobado",
                    "el certificado de que no tengo vivienda del programa",),
    "tramites": ("el certificado de residencia", "copia del radicado de mi solicitud", "la certificación del SISBÉN",
                 "copia de mi expediente",
                    "el certificado de existencia del cabildo",),
    "otros": ("el informe de gestión del año pasado", "el directorio de funcionarios", "copia de los contratos de la feria",
              "el acta de la rendición de cuentas",
                    "el listado de contratos del año",
                    "el presupuesto de las fiestas del pueblo",),
}
QUESTIONS = {
    "servicios_publicos": ("si el arrendador o el arrendatario responde por la deuda del agua",
                           "qué dice la norma sobre el cobro de reconexión", "si tengo derecho a la tarifa de estrato más bajo",
                    "quién responde por un poste dañado en un predio privado",),
    "salud": ("si la EPS puede cobrar la cuota moderadora a un afiliado del régimen subsidiado",
              "qué requisitos pide la ley para la portabilidad", "si un beneficiario mayor de 25 años sigue cubierto",
                    "si la EPS debe darme transporte para las terapias",
                    "qué hago si la EPS no entrega un medicamento del plan",),
    "educacion": ("qué requisitos hay para validar el bachillerato", "si el colegio puede retener el certificado por deuda",
                  "qué dice la norma sobre la jornada única",
                    "si un estudiante extranjero puede matricularse sin documentos",
                    "qué requisitos hay para el auxilio de transporte estudiantil",),
    "movilidad": ("si es procedente la prescripción de un comparendo de hace seis años",
                  "qué dice la ley sobre las fotomultas sin notificación", "qué requisitos hay para el permiso de carga",
                    "cuánto tiempo tengo para pagar una fotomulta con descuento",),
    "seguridad": ("qué procedimiento sigue una querella por perturbación", "si la policía puede entrar a una casa sin orden",
                  "qué norma regula el horario de los establecimientos",
                    "si puedo instalar cámaras que miren a la calle",
                    "cómo se tramita una medida de protección",),
    "impuestos": ("si procede la prescripción del predial de años anteriores", "si tengo derecho a la exención por discapacidad",
                  "cómo se calcula la valorización",
                    "si el predial de un lote se cobra igual que el de una casa",
                    "qué descuentos hay para víctimas del conflicto",),
    "ambiente": ("qué norma regula la tala de un árbol en predio privado", "si necesito permiso para un pozo séptico",
                 "qué sanciones hay por botar escombros",
                    "si puedo tener gallinas en el patio",
                    "quién debe recoger un árbol caído en la vía",),
    "vivienda": ("qué requisitos pide el subsidio de mejoramiento", "si puedo construir un segundo piso sin licencia",
                 "si un predio en zona de riesgo se puede legalizar",
                    "si una casa heredada sin escritura puede recibir subsidio",
                    "qué pasa con mi subsidio si me separo",),
    "tramites": ("qué requisitos debo cumplir para el certificado de residencia", "si el SISBÉN se puede actualizar en línea",
                 "cuál es el término para responder una solicitud",
                    "cuántos días tarda el certificado de residencia",),
    "otros": ("si los eventos en el parque necesitan permiso", "qué dice la norma sobre las mascotas en el espacio público",
              "si la rendición de cuentas es obligatoria",
                    "si los cementerios municipales cobran por la exhumación",
                    "cómo se inscribe una escuela deportiva",),
}
IDEAS = {
    "servicios_publicos": ("avisen con anticipación los cortes programados", "se pueda pagar la factura por internet",
                           "pongan un punto de atención en el barrio",
                    "instalen paneles solares en los parques",),
    "salud": ("el puesto de salud amplíe el horario", "den las citas por teléfono o WhatsApp",
              "haya una fila preferencial en la farmacia",
                    "el hospital tenga un intérprete de lengua de señas",
                    "manden recordatorios de las citas por mensaje",),
    "educacion": ("los colegios ofrezcan refuerzo en la tarde", "mejoren el internet de las escuelas rurales",
                  "organicen escuelas de padres",
                    "los colegios tengan huertas escolares",),
    "movilidad": ("construyan una ciclorruta en la avenida", "haya más rutas de bus en la noche",
                  "sincronicen los semáforos de la avenida",
                    "haya una aplicación con la ubicación de los buses",
                    "pongan más paraderos con techo",),
    "seguridad": ("organicen frentes de seguridad con la comunidad", "iluminen mejor el sendero peatonal",
                  "la policía haga reuniones con los vecinos",
                    "haya un número de WhatsApp del cuadrante",
                    "instalen botones de pánico en los parques",),
    "impuestos": ("envíen la factura del predial por correo", "amplíen el plazo del descuento",
                  "pongan un simulador del predial en la página",
                    "el recibo explique de dónde sale el valor",),
    "ambiente": ("pongan puntos de reciclaje en los barrios", "siembren más árboles", "hagan jornadas de limpieza de la quebrada",
                    "prohíban la pólvora en diciembre por los animales",
                    "hagan compostaje con los residuos de la plaza",),
    "vivienda": ("publiquen la lista de beneficiarios", "hagan ferias de vivienda en los barrios",
                 "expliquen los requisitos en lenguaje sencillo",
                    "las convocatorias se publiquen también en la emisora",
                    "haya asesoría gratuita para legalizar predios",),
    "tramites": ("todos los trámites se puedan hacer por internet", "haya turnos por mensaje de texto",
                 "abran la ventanilla los sábados",
                    "den turnos virtuales para la ventanilla",),
    "otros": ("la entidad tenga un chat de atención", "publiquen las preguntas frecuentes", "hagan más eventos culturales",
                    "abran la biblioteca en la noche",
                    "hagan torneos deportivos para adultos mayores",),
}

# -- more ways to name each matter (composed with the tables above by `language.slot_values`) -------
# How people name the sector of their matter: colloquial, institutional, abbreviated, regional. A
# reclamo composes a thing of its topic with a failure frame; a petición general often first says the
# need that moves it (`NEEDS`, never a failure of a service already given: guide §1).
MATTERS = {
    "servicios_publicos": (
        "el servicio de agua", "el acueducto", "el acueducto veredal", "la luz", "el servicio de energía",
        "el transformador de la cuadra", "el alcantarillado", "el gas domiciliario", "la recolección de la basura",
        "el alumbrado público", "el contador del agua", "el medidor de la luz", "el recibo del agua", "el recibo de la luz",
        "la factura del gas", "el servicio de aseo", "la empresa de acueducto", "la ESP", "la pila pública",
        "la red de alcantarillado", "el pozo séptico comunitario", "la tarifa del aseo", "las alcantarillas", "el poste de la luz",
        "el servicio de acueducto y alcantarillado", "la empresa de energía", "el agua potable", "el kiosco digital",
    ),
    "salud": (
        "la EPS", "el hospital", "el centro de salud", "el puesto de salud", "la IPS", "la clínica", "urgencias",
        "la farmacia de la EPS", "la droguería que entrega los medicamentos", "las citas médicas", "la autorización del examen",
        "la fórmula médica", "el especialista", "la remisión", "el régimen subsidiado", "la Nueva EPS", "el ESE",
        "el programa de vacunación", "las terapias", "el tratamiento", "la orden de la resonancia", "el SOAT", "el laboratorio",
        "la ambulancia", "la cita de control", "la consulta de odontología del puesto de salud",
    ),
    "educacion": (
        "el colegio", "la institución educativa", "la escuela de la vereda", "la sede rural", "la matrícula", "el PAE",
        "el refrigerio escolar", "el restaurante escolar", "la ruta escolar", "el transporte escolar", "el cupo escolar",
        "los docentes", "la secretaría de educación", "la beca", "el ICETEX", "el certificado de notas", "el SENA",
        "la universidad pública", "el jardín infantil", "el hogar del ICBF", "los útiles escolares", "la jornada única",
        "el boletín de notas", "el bachillerato por ciclos",
    ),
    "movilidad": (
        "la vía", "la carretera", "la calle", "la malla vial", "el hueco", "el semáforo", "el tránsito", "el comparendo",
        "la fotomulta", "el SIMIT", "el RUNT", "la licencia de conducción", "el pase", "la buseta", "el bus", "el SITP",
        "el MIO", "el Transmilenio", "el metro", "el cable", "la ruta de transporte", "el paradero", "el puente",
        "la placa del carro", "los patios de tránsito", "la grúa", "el pico y placa", "la moto", "el taxi", "la chiva",
        "la trocha", "el andén", "la ciclovía", "la señalización",
    ),
    "seguridad": (
        "la policía", "el CAI", "el cuadrante", "la patrulla", "la estación de policía", "la inspección de policía",
        "el servicio de comisaría de familia", "el 123", "las cámaras de seguridad", "los atracos", "los robos del barrio", "el hurto",
        "las riñas", "el expendio de droga", "la olla", "los fleteros", "las pandillas", "la extorsión", "el microtráfico",
        "la convivencia en el conjunto", "la querella", "el código de policía", "la denuncia", "la violencia intrafamiliar",
    ),
    "impuestos": (
        "el predial", "el impuesto predial", "el avalúo catastral", "catastro", "la valorización", "el ICA",
        "industria y comercio", "el cobro coactivo", "el embargo por impuestos", "la tesorería", "hacienda municipal",
        "el impuesto de vehículos", "la sobretasa", "el paz y salvo del predial", "la factura del predial", "los intereses de mora",
        "el estrato del predio", "el alumbrado que cobran en el predial", "la estampilla", "el impuesto de delineación",
    ),
    "ambiente": (
        "el árbol", "los árboles del parque", "la quebrada", "el río", "el caño", "el humedal", "la ronda del río",
        "el basurero a cielo abierto", "los escombros", "el ruido", "los bares", "el taller de pintura", "la ladrillera",
        "la minería ilegal", "la tala", "la quema", "los animales silvestres", "la CAR", "la corporación autónoma",
        "el relleno sanitario", "el olor de la porqueriza", "el humo", "los vertimientos", "el reciclaje", "la fauna",
        "el bosque", "la contaminación del agua del río",
    ),
    "vivienda": (
        "el subsidio de vivienda", "mi casa de interés social", "la VIS", "la vivienda gratis", "el mejoramiento de vivienda",
        "la licencia de construcción", "la curaduría", "la escritura", "la titulación del lote", "la legalización del barrio",
        "el reasentamiento", "el arriendo temporal", "el programa Mi Casa Ya", "la caja de compensación", "el fondo de vivienda",
        "la constructora del proyecto", "el apartamento que nos entregaron", "la zona de riesgo", "la reubicación",
        "el plan de vivienda", "la postulación", "el lote", "la urbanización",
    ),
    "tramites": (
        "el SISBÉN", "el Sisben", "el certificado de residencia", "la ventanilla única", "la radicación", "el radicado",
        "la cita para el trámite", "la página web de la alcaldía", "la plataforma de trámites", "la ventanilla de atención",
        "el turno", "la constancia", "la certificación laboral", "el carné", "el formulario", "el trámite en línea",
        "la apostilla", "el registro civil", "la firma del alcalde", "el punto de atención", "la oficina de atención al ciudadano",
        "el correo de la entidad", "el paz y salvo municipal", "el certificado de vecindad",
    ),
    "otros": (
        "el parque", "el polideportivo", "la cancha", "la casa de la cultura", "la biblioteca", "el cementerio",
        "el salón comunal", "el espacio público", "los vendedores ambulantes", "las fiestas del pueblo",         "el programa de adulto mayor", "Colombia Mayor", "el comedor comunitario", "la escuela de música", "la plaza de mercado",
        "la feria", "el coso municipal", "los perros callejeros", "la junta de acción comunal", "los juegos del parque",
        "el gimnasio al aire libre", "el auxilio funerario", "la emisora comunitaria",
    ),
}
# A reclamo about a thing of the topic (gender-free, so any MATTERS entry fits).
MATTER_FAILURES = (
    "lo de {matter} sigue sin solución", "con {matter} estamos cada vez peor", "nadie responde por {matter}",
    "hay un problema con {matter} que no arreglan", "el tema de {matter} no lo han resuelto", "con {matter} no hay cumplimiento",
    "{matter} no funciona como debe", "{matter} nos tiene cansados", "nos siguen incumpliendo con {matter}",
    "lo que pasa con {matter} no tiene nombre", "seguimos esperando que arreglen lo de {matter}",
    "con {matter} nos cobran y no cumplen", "el servicio con {matter} es pésimo", "{matter} lleva un tiempo fallando",
)
NEEDS = {  # motives for asking something new: never a service that fails (that is a reclamo)
    "servicios_publicos": ("el barrio creció y las casas nuevas quedaron por fuera de la red",
                           "vamos a construir en el lote y necesitamos saber si hay disponibilidad de servicios",
                           "la junta quiere que el sendero del parque tenga alumbrado", "acabo de comprar la casa"),
    "salud": ("en la vereda viven muchos adultos mayores que no pueden viajar al pueblo",
              "mi mamá tiene una enfermedad crónica y quiere entrar a un programa", "en el barrio hay muchos zancudos",
              "la junta quiere organizar una jornada de vacunación"),
    "educacion": ("mi hija termina el preescolar este año", "nos vamos a trasladar de municipio a mitad de año",
                  "muchos jóvenes del barrio quieren terminar el bachillerato", "la vereda tiene cada vez más niños en edad escolar"),
    "movilidad": ("los carros pasan a mucha velocidad frente a la escuela", "el barrio nuevo todavía no tiene ruta de bus",
                  "la calle del barrio nunca ha sido pavimentada", "por la vía alterna pasan cada vez más camiones"),
    "seguridad": ("en el parque se reúnen a consumir y vender vicio", "en la cuadra han robado varias motos este mes",
                  "los vecinos queremos organizarnos para cuidarnos", "hay un lote abandonado donde se esconden los ladrones"),
    "impuestos": ("vendí el lote y el predial sigue saliendo a mi nombre", "soy víctima del conflicto y tengo un predio",
                  "cerré el negocio hace dos años", "tengo varias vigencias del predial atrasadas"),
    "ambiente": ("el árbol del frente creció mucho y sus ramas tocan los cables", "en el lote de al lado botan escombros",
                 "en la quebrada del barrio todavía hay peces y queremos cuidarla", "la ladrillera echa humo todo el día"),
    "vivienda": ("somos cinco en una casa de una sola habitación", "mi casa tiene más de cuarenta años",
                 "construí en el lote de mis papás y no tengo licencia", "el lote donde vivo no tiene escritura"),
    "tramites": ("me cambié de barrio y mis datos quedaron desactualizados", "no tengo internet para hacer el trámite en línea",
                 "trabajo en horario de oficina y no alcanzo a ir a la sede", "en el registro aparece mal escrito mi apellido"),
    "otros": ("los jóvenes del barrio no tienen dónde hacer deporte", "la junta quiere organizar un festival en diciembre",
              "los adultos mayores del barrio quieren tener actividades", "queremos celebrar el aniversario del barrio en el parque"),
}
MORE_SERVANTS = {
    "servicios_publicos": ("el contratista de la empresa de aseo", "la señora de la caja de la empresa de energía",
                           "el fontanero del acueducto"),
    "salud": ("la recepcionista del centro de salud", "la jefe de enfermería", "el odontólogo del puesto de salud"),
    "educacion": ("el celador del colegio", "la profesora de transición", "el conductor de la ruta escolar"),
    "movilidad": ("el guarda de tránsito", "el funcionario de los patios", "el agente de la moto"),
    "seguridad": ("el policía del CAI", "la comisaria de familia", "el auxiliar de policía"),
    "impuestos": ("el funcionario de catastro", "la persona de cobro coactivo"),
    "ambiente": ("el funcionario de la CAR", "el guardabosques de la corporación"),
    "vivienda": ("la trabajadora social del programa de vivienda", "el funcionario de la caja de vivienda"),
    "tramites": ("la señora de la ventanilla del SISBÉN", "el contratista de la oficina de atención"),
    "otros": ("el instructor de la escuela deportiva", "la bibliotecaria", "el celador del cementerio"),
}
MORE_FAILURES = {
    "servicios_publicos": ("el poste de la esquina está inclinado y nadie lo cambia", "la energía llega con bajones que dañan los electrodomésticos", "la luz se va todos los días en la tarde",
                           "la empresa no ha instalado el medidor que pagamos", "el recibo del agua llegó por un consumo imposible",
                           "nos siguen cobrando el aseo de un lote vacío", "el gas llega con muy poca presión"),
    "salud": ("la EPS no autoriza el examen que ordenó el médico", "en la farmacia siempre dicen que no hay el medicamento",
              "la cita de control me la dan para dentro de tres meses", "el hospital me está cobrando una atención de urgencias",
              "la remisión a otra ciudad no la tramitan"),
    "educacion": ("la universidad no me ha devuelto el pago de la inscripción", "la matrícula en línea no deja terminar el proceso",
                  "el ICETEX no ha girado el crédito aprobado", "*a mi hijo no le dieron los útiles del programa",
                  "*la ruta escolar deja a los niños muy lejos de la casa"),
    "movilidad": ("la ruta intermunicipal cambió el recorrido sin avisar", "el bus del sistema pasa lleno y no recoge",
                  "me siguen apareciendo en el SIMIT multas que ya pagué", "la carretera a la vereda se la llevó el invierno",
                  "la moto lleva meses en los patios y el trámite no avanza"),
    "seguridad": ("el cuadrante no llega cuando lo llamamos", "la inspección no ha fijado fecha para la diligencia",
                  "el 123 no manda patrulla", "la comisaría no le ha hecho seguimiento a la medida de protección"),
    "impuestos": ("el predial me llegó con un avalúo que no corresponde", "me están cobrando intereses de un predial que pagué",
                  "me embargaron la cuenta por un impuesto que ya estaba al día", "no me han devuelto el saldo a favor del ICA",
                  "la valorización me la cobraron dos veces"),
    "ambiente": ("el taller de latonería sigue pintando en plena calle", "siguen botando escombros en la ronda del río",
                 "el relleno sanitario tiene olores insoportables", "la ladrillera sigue echando humo aunque la sancionaron"),
    "vivienda": ("la constructora no ha corregido las fallas del apartamento", "las casas del proyecto se inundan cada vez que llueve",
                 "la escritura de la casa del programa no ha salido", "la curaduría no responde la solicitud de licencia"),
    "tramites": ("la página de la alcaldía no deja descargar el certificado", "el puntaje del SISBÉN quedó mal calculado",
                 "me dieron un radicado y nadie contesta nada", "la constancia salió con la fecha equivocada"),
    "otros": ("la cancha del barrio está dañada y no la arreglan", "la piscina municipal sigue cerrada por mantenimiento desde hace meses", "la cancha sigue sin iluminación", "el salón comunal lo tienen cerrado",
              "el comedor comunitario dejó de funcionar", "la bóveda de mi mamá en el cementerio la asignaron a otra familia"),
}
MORE_ACTIONS = {
    "servicios_publicos": ("extender la red de acueducto a la vereda", "poner alumbrado en el sendero", "hacer la conexión al alcantarillado de las casas nuevas"),
    "salud": ("hacer una jornada de fumigación contra el dengue", "abrir una cita con el especialista en el municipio", "programar una brigada de salud oral"),
    "educacion": ("abrir un cupo en el jardín para mi niña", "inscribirme en el programa de educación para adultos", "trasladar la matrícula de mi hijo"),
    "movilidad": ("hacer un estudio para poner un semáforo", "poner un paradero en el barrio", "extender la ruta hasta la urbanización nueva"),
    "seguridad": ("hacer patrullajes en la noche", "hacer un operativo en el lote abandonado", "citar al vecino a una conciliación"),
    "impuestos": ("actualizar el nombre del propietario en el predial", "aplicar el descuento por pronto pago", "revisar el estrato del predio para el predial"),
    "ambiente": ("podar el árbol que toca los cables", "hacer la limpieza del caño", "hacer una medición de ruido"),
    "vivienda": ("titular el predio a mi nombre", "visitar la casa para el mejoramiento"),
    "tramites": ("atender el trámite por correo", "darme una cita presencial", "corregir el apellido en el registro"),
    "otros": ("prestar la cancha para un campeonato", "inscribir al grupo en la casa de la cultura", "hacer una jornada de adopción de perros"),
}
MORE_DOCUMENTS = {
    "servicios_publicos": ("copia de la factura del agua", "el certificado de que estoy al día con la energía"),
    "salud": ("copia de la historia clínica", "la certificación de la incapacidad"),
    "educacion": ("el certificado de notas", "la constancia de matrícula", "la certificación de que mi hijo estudió en la institución"),
    "movilidad": ("la resolución de la multa", "el histórico del vehículo"),
    "seguridad": ("la constancia de la denuncia", "copia del acta de conciliación de la inspección"),
    "impuestos": ("la liquidación del impuesto de delineación", "el certificado de paz y salvo de valorización"),
    "ambiente": ("el informe de la visita por el ruido", "la resolución de la sanción ambiental"),
    "vivienda": ("copia de la escritura del programa", "la resolución de asignación del subsidio"),
    "tramites": ("la certificación de estrato de mi casa", "el certificado de vecindad", "copia del formulario radicado"),
    "otros": ("el listado de beneficiarios del bono", "copia del acta de la junta"),
}
MORE_QUESTIONS = {
    "servicios_publicos": ("si me pueden cortar el agua por una deuda del dueño anterior", "quién debe pagar el cambio del medidor"),
    "salud": ("cómo se cambia uno de EPS", "si la EPS puede negar un medicamento que no está en el plan"),
    "educacion": ("cómo se pide el cupo en un colegio oficial", "si el colegio puede negar la matrícula por el corte de pelo"),
    "movilidad": ("si puedo pagar un comparendo en cuotas", "quién expide el permiso para el transporte escolar"),
    "seguridad": ("a quién le corresponde atender una riña entre vecinos", "si la comisaría puede ordenar el desalojo del agresor"),
    "impuestos": ("si el predial se puede pagar por cuotas", "quién responde por el predial de una casa en sucesión"),
    "ambiente": ("si puedo cortar un árbol que está dentro de mi lote", "a quién se le denuncia la minería en el río"),
    "vivienda": ("si puedo vender una casa que recibí con subsidio", "qué necesito para legalizar una mejora en mi casa"),
    "tramites": ("cuánto vale un certificado de la alcaldía", "dónde se tramita el certificado de residencia"),
    "otros": ("cómo se pide prestado el salón comunal", "quién otorga el permiso para vender en la calle"),
}
MORE_IDEAS = {
    "servicios_publicos": ("pongan medidores prepago para quien los pida", "el recibo traiga el consumo en litros"),
    "salud": ("las citas se puedan pedir por una aplicación", "haya un médico los fines de semana en el puesto de salud"),
    "educacion": ("los colegios den clases de programación", "haya charlas para los padres sobre el acoso escolar"),
    "movilidad": ("pongan un semáforo peatonal en la avenida", "los buses tengan rampa para sillas de ruedas"),
    "seguridad": ("el cuadrante publique su número en cada cuadra", "haya más luz en los parques para la seguridad"),
    "impuestos": ("den descuento en el predial a quien recicle", "manden la factura del predial al correo"),
    "ambiente": ("pongan canecas de reciclaje en el parque", "hagan una campaña contra la quema de llantas"),
    "vivienda": ("los subsidios den prioridad a las madres cabeza de hogar", "publiquen el avance de las obras de vivienda"),
    "tramites": ("haya una fila exclusiva para radicar documentos", "el certificado de residencia salga en línea"),
    "otros": ("organicen una feria de emprendimiento en la plaza", "la casa de la cultura abra talleres en la noche"),
}


def _extended(base: dict, more: dict) -> dict:
    return {key: base[key] + more.get(key, ()) for key in base}


SERVANTS = _extended(SERVANTS, MORE_SERVANTS)
FAILURES = _extended(FAILURES, MORE_FAILURES)
ACTIONS = _extended(ACTIONS, MORE_ACTIONS)
DOCUMENTS = _extended(DOCUMENTS, MORE_DOCUMENTS)
QUESTIONS = _extended(QUESTIONS, MORE_QUESTIONS)
IDEAS = _extended(IDEAS, MORE_IDEAS)

# -- frames that put the facts in words, per type --------------------------------------------------
FACT_FRAMES = {
    "queja": (
        "El {when}, {servant} {conduct}.", "Quiero contarles que {servant} {conduct}.",
        "Fui a hacer una diligencia y {servant} {conduct}.", "No es justo lo que pasó: {servant} {conduct}.",
        "{when_cap} {servant} {conduct}, y no es la primera vez.", "Resulta que {servant} {conduct}.",
        "Me dirijo a ustedes porque {servant} {conduct}.", "Les cuento lo que pasó: {servant} {conduct}.",
    ),
    "reclamo": (
        "{failure_cap} {duration}.", "Les informo que {failure} {duration}. {report}",
        "Resulta que {failure}. {report}", "El problema es que {failure} {duration}.",
        "{failure_cap}, {duration}, y nadie da solución. {report}", "Otra vez {failure}. {report}",
        "Pagamos cumplidos y {failure}.", "Desde hace rato {failure}. {report}",
    ),
    ("peticion", "general"): (
        "Les escribo por una necesidad que tenemos.", "La comunidad lleva tiempo esperando una respuesta sobre esto.",
        "Tengo una solicitud para la entidad.", "Acudo a ustedes porque es de su competencia.", "", "", "",
        "{need_cap}.", "Les cuento que {need}.", "La situación es esta: {need}.", "Pasa que {need}.",
        "{need_cap}, por eso les escribo.",
    ),
    ("peticion", "documentos"): (
        "Necesito {document} para un trámite.", "Me piden {document} y no lo encuentro en la página.",
        "En otra entidad me exigen {document}.", "", "",
        "Para una diligencia me están pidiendo {document}.", "No tengo {document} y lo necesito.",
    ),
    ("peticion", "consulta"): (
        "Tengo una duda sobre {question}.", "Quisiera saber {question}.", "Nadie me ha sabido explicar {question}.", "",
        "En la oficina me dijeron una cosa y en la página otra.", "Es una pregunta, no una queja.",
    ),
    "sugerencia": (
        "He notado que la atención podría mejorar.", "Como ciudadano quiero aportar una idea.",
        "Veo que muchos vecinos tienen la misma dificultad.", "", "",
    ),
}

# The request: what the writer wants to happen (split into train/eval halves by `template_split`).
TYPE_SENTENCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("peticion", "general"): (
        "Solicito que vengan a {action}.", "¿Será posible {action}? Les agradecería mucho.",
        "Agradezco su colaboración para {action}.", "Les pido el favor de {action}.",
        "Solicito muy comedidamente {action}.", "Por medio de la presente pido que se proceda a {action}.",
        "Quisiera pedirles el favor de {action}.", "Necesitamos que la entidad se encargue de {action}.",
        "Pido que se programe lo necesario para {action}.", "Quedo pendiente de que puedan {action}.",
        "Pedimos que la alcaldía nos ayude a {action}.", "Me gustaría que me ayudaran a {action}.",
        "La comunidad solicita {action}.", "Queremos saber si nos pueden {action}, es lo que pedimos.",
        "Les solicito {action}.", "Solicitamos el apoyo de la entidad para {action}.",
        "Necesito que me colaboren para {action}.", "Por favor, {action} es lo que necesitamos.",
    ),
    ("peticion", "documentos"): (
        "Solicito que me envíen {document}.", "Requiero que me expidan {document}.", "¿Me pueden enviar {document}?",
        "Pido acceso a {document}, que es información pública.", "Necesito {document}; agradezco enviarlo a este correo.",
        "Por favor expedirme {document}.", "Solicito me sea entregado {document}.", "Les pido que me compartan {document}.",
        "¿Me pueden mandar {document}?", "Necesito que me expidan {document}.", "Quiero pedir {document}.",
        "Me hacen llegar {document} a este correo, por favor.", "Solicito copia de {document}.",
        "¿Cómo hago para que me den {document}?", "Favor enviarme {document}.", "Me colaboran con {document}, gracias.",
    ),
    ("peticion", "consulta"): (
        "Solicito su concepto sobre {question}.", "Les consulto {question}.", "¿Me pueden orientar sobre {question}?",
        "Elevo consulta: quiero saber {question}.", "Les pregunto {question}, para saber cómo proceder.",
        "Agradezco me indiquen {question}.", "Requiero un concepto formal sobre {question}.",
        "Quisiera que me aclararan {question}.", "{question_direct}", "Una pregunta: {question_direct}",
        "{question_direct} Agradezco la orientación.", "Buenas, {question_direct}",
        "Quiero saber {question}.", "¿Ustedes me pueden decir {question}?", "Necesito que me expliquen {question}.",
        "{question_direct} ¿A quién le toca?", "Me surgió una duda: {question_direct}", "Pregunto {question}.",
        "{question_direct}", "¿Alguien me puede explicar {question}?",
    ),
    ("queja", "general"): (
        "Pido una investigación sobre lo que hizo ese funcionario.", "Exijo que se tomen medidas con esa persona.",
        "Solicito que se abra la investigación disciplinaria correspondiente.", "Quiero que esa persona responda por su comportamiento.",
        "Pido que llamen la atención a ese servidor.", "Que alguien le enseñe a tratar a la gente.",
        "Presento esta queja para que no le vuelva a pasar a nadie.", "Solicito que se revise el comportamiento del funcionario.",
    ),
    ("reclamo", "general"): (
        "Exijo que lo solucionen.", "Necesito que corrijan eso cuanto antes.", "Pido que se resuelva de inmediato.",
        "Solicito que se corrija y, si hubo cobros de más, que se devuelvan.", "Pido que lo arreglen de una vez.",
        "Que solucionen ya, es su obligación.", "Solicito la revisión y el ajuste.", "Exijo una solución de fondo.",
        "Pido que cumplan con lo que les corresponde.", "Necesito que normalicen esto lo antes posible.",
        "Solicitamos respetuosamente que lo reparen.", "Pedimos que lo cambien pronto.", "Solicito que se restablezca.",
        "Les pido que se pongan al día con lo que deben.", "Solicitamos la intervención de la entidad para que se arregle.",
        "Agradezco que lo revisen y lo corrijan.", "Quisiera que me dieran una solución.", "Por favor, arréglenlo.",
        "Eso no es justo, que cumplan.", "Y nadie hace nada.", "¿Hasta cuándo?", "Que respondan por lo que pagamos.",
        "Exigimos que cumplan con el servicio.", "Que me devuelvan lo que cobraron de más.", "Espero una solución pronta.",
        "Ya no sabemos a quién más acudir.",
        "Solicitamos la reparación de la obra antes de que se pierda del todo.", "Pedimos que manden la maquinaria y el personal para repararlo.",
        "Solicito una visita técnica y la reparación de lo que se dañó.", "Pido que reconstruyan lo dañado, es una obra pública.",
        "Requerimos que intervengan para recuperar la estructura.", "Mientras lo arreglan, pongan por lo menos una señal de peligro.",
    ),
    ("sugerencia", "general"): (
        "Sugiero que {idea}.", "Sería bueno que {idea}.", "Me permito proponer que {idea}.", "Ojalá {idea}.",
        "Una idea: que {idea}.", "Como propuesta de mejora, que {idea}.", "Pienso que ayudaría mucho que {idea}.",
        "Les recomiendo que {idea}.",
        "Sería mejor que {idea}.", "Propongo que {idea}.", "Estaría bien que {idea}.", "Mi sugerencia es que {idea}.",
        "No es un reclamo, solo una idea: que {idea}.", "Para mejorar, recomendaría que {idea}.",
    ),
}

LEGAL_BASES = {
    "peticion": (
        "Con base en el artículo 23 constitucional y la Ley 1755 de 2015,",
        "Haciendo uso del derecho de petición (art. 23 C.P.),", "Conforme a la Ley 1755 de 2015,",
        "Invocando el derecho fundamental de petición,", "De acuerdo con el artículo 14 de la Ley 1437 de 2011,",
    ),
    "reclamo": (
        "Con base en la Ley 142 de 1994 y el contrato de condiciones uniformes,", "En uso del derecho de petición,",
        "Conforme al artículo 23 de la Constitución,", "Como usuario y con base en la ley,",
    ),
    "queja": (
        "Con fundamento en la Ley 1952 de 2019 (Código General Disciplinario),", "En uso del derecho de petición,",
        "Conforme al artículo 23 de la Constitución,",
    ),
    "sugerencia": ("En ejercicio de la participación ciudadana,", "Con el ánimo de aportar,"),
}

# -- situations: they decide priority (pqrlab/channel/priority.py); each has many wordings ----------
SITUATIONS_TEXT = {
    "riesgo_vida": {
        "servicios_publicos": ("mi papá usa un concentrador de oxígeno y sin luz no puede respirar bien",
                               "hay un cable de energía caído en la acera y los niños pasan por ahí",
                               "mi esposa está en diálisis en casa y necesita agua limpia",
                               "la insulina de mi mamá se está dañando porque no hay luz para la nevera"),
        "salud": ("mi mamá necesita el medicamento para el corazón y ya se le acabó",
                  "la cirugía es para quitar un tumor y cada semana cuenta", "mi hermano convulsiona sin la droga",
                  "el médico dijo que sin la quimioterapia el riesgo es muy alto"),
        "educacion": ("el techo del salón está a punto de caerse encima de los estudiantes",
                      "una pared de la escuela está agrietada y puede caerse", "los niños se intoxicaron con el refrigerio"),
        "movilidad": ("el puente está a punto de caerse y pasa gente todo el día",
                      "en ese cruce ya hubo dos muertos este año", "el hueco es tan grande que ya se mató un motociclista"),
        "seguridad": ("nos están amenazando de muerte", "el vecino le pega a su esposa todas las noches",
                      "hay disparos cada noche en la cuadra", "me siguen y temo por mi vida"),
        "ambiente": ("el árbol está a punto de caer sobre la casa", "la quebrada se está desbordando ahora mismo",
                     "el deslizamiento avanza hacia las casas"),
        "vivienda": ("el muro de contención está a punto de caer sobre mi casa", "la casa se está agrietando por el deslizamiento",
                     "el techo se está hundiendo con las lluvias"),
        "tramites": ("sin el documento no puedo recibir el tratamiento de mi enfermedad",),
        "impuestos": ("el embargo dejaría a mi familia sin con qué comprar la comida y los medicamentos de mi hijo enfermo",),
        "otros": ("hay una estructura en el parque a punto de caer sobre los niños",),
    },
    "especial_proteccion": (
        "mi mamá tiene {age} años y es ella la que está sufriendo esto", "mi hijo de {child} años es el afectado",
        "quien está sin el servicio es mi papá, un señor de {age} años", "mi hija tiene discapacidad y es la más perjudicada",
        "estoy embarazada de {months} meses y esto me afecta directamente", "la afectada es mi abuela de {age} años",
        "el niño, de {child} años, es el que se queda sin esto", "soy una persona en silla de ruedas y esto me perjudica a mí",
        "mi esposo es invidente y es a él a quien le pasa esto", "tengo {age} años y soy yo la perjudicada",
    ),
    "tutela": (
        "si no responden interpondré acción de tutela", "de no obtener respuesta acudiré a la tutela",
        "ya tengo redactada la tutela y la radico si no me contestan", "me veré obligado a instaurar una acción de tutela",
        "mi abogado está preparando una tutela", "si esto sigue así me toca ir a tutela", "voy a interponer un desacato al fallo de tutela",
    ),
    "plazo_legal": (
        "el término legal para responder ya se venció", "la audiencia es el próximo {weekday}",
        "el embargo se ejecuta la otra semana", "mañana cierran las inscripciones y pierdo el derecho",
        "el plazo para presentar el recurso vence el {weekday}", "tengo una fecha límite del juzgado este mes",
        "el cobro coactivo está a punto de ejecutarse", "si no lo tengo antes del {weekday} pierdo el proceso",
    ),
}
# A risk to life that moves a petición (something new or an action), not a failing service: where the topic's
# own risks above are failures (a reclamo's), a petition names one of these (guide §1).
PETITION_RISKS = {
    "servicios_publicos": ("los niños juegan al lado de la subestación, que no tiene ningún cerramiento",
                           "unos muchachos se trepan a las torres de alta tensión"),
    "educacion": ("los niños cruzan una quebrada crecida para llegar a la escuela",
                  "hay un panal de abejas africanas en el patio de la escuela"),
    "movilidad": ("los niños cruzan la carretera sin ningún paso seguro y los carros pasan volando",
                  "los camiones bajan sin control por la calle del colegio"),
}
# A protected person affected (composed: who × what it does to them) and generic risks to life.
PROTECTED_WHO = (
    "mi mamá de {age} años", "mi papá, que tiene {age} años", "mi bebé de {months} meses", "mi hijo de {child} años",
    "mi hermano, que tiene parálisis cerebral,", "mi tía, que anda en silla de ruedas,", "mi esposa, que está embarazada,",
    "mi abuelo de {age}", "mi hija con autismo", "yo, con {age} años,", "mi suegra de {age} años, que está en cama,",
    "la niña de {child} años", "mi hijo, que tiene discapacidad cognitiva,", "el abuelito de la casa, de {age} años,",
)
PROTECTED_EFFECT = (
    "es quien sufre esto", "es el más afectado", "no puede estar sin eso", "lleva días así", "es a quien se lo negaron",
    "es el perjudicado directo", "no tiene cómo esperar", "se está quedando sin lo que necesita", "es al que trataron así",
    "está pasando necesidades por esto",
)
RISK_GENERIC = (
    "hay riesgo de que alguien se muera", "esto es un peligro para la vida de la gente", "ya casi ocurre una tragedia",
    "la salud de mi familiar empeora cada día", "hay peligro inminente para las personas",
)
# A payment the entity must return (a reclamo, guide §1: a charge not resolved), often written as a formal
# "solicito la devolución" letter with amounts and bank details, which must not read as an invoice.
PAID_FOR = {
    "servicios_publicos": ("la factura del agua", "la reconexión del servicio", "el recibo de la luz", "la cuota del medidor"),
    "salud": ("la cuota moderadora", "el examen de laboratorio", "la copia de la historia clínica"),
    "educacion": ("los derechos de grado", "la matrícula de mi hija", "el certificado de notas", "el curso de inglés"),
    "movilidad": ("un comparendo", "la matrícula de la moto", "el curso pedagógico de la multa", "la licencia de conducción"),
    "seguridad": ("la multa del código de policía", "el permiso para el evento"),
    "impuestos": ("el predial", "el impuesto de industria y comercio", "la contribución de valorización", "la sobretasa"),
    "ambiente": ("el permiso de tala", "la tasa por uso de agua"),
    "vivienda": ("la licencia de construcción", "el avalúo del lote", "la cuota inicial del programa"),
    "tramites": ("el certificado de tradición", "los derechos del pasaporte", "la estampilla del trámite", "el certificado de residencia"),
    "otros": ("la bóveda del cementerio", "el alquiler del coliseo", "la inscripción al festival"),
}
PAYMENT_ERRORS = (
    "pagué dos veces {paid}", "el banco me debitó dos veces {paid}", "pagué {paid} por PSE y después me lo cobraron otra vez",
    "pagué {paid} y el trámite nunca se hizo", "me cobraron {paid} aunque ya lo había cancelado",
    "liquidaron mal {paid} y pagué de más", "hice el pago de {paid} en el banco y en el sistema no aparece, y me lo vuelven a cobrar",
    "cancelaron el servicio y no han devuelto lo que pagué por {paid}", "consigné {paid} a nombre del municipio por error dos veces",
)
REFUND_REQUESTS = (
    "Solicito la devolución de lo pagado de más, a mi cuenta de ahorros.", "Pido el reintegro de ese valor.",
    "Solicito que me devuelvan ese dinero por transferencia; adjunto el comprobante.", "Requiero el reembolso del pago de lo no debido.",
    "Solicito que reconozcan el saldo a favor y me lo reintegren.", "Adjunto el recibo y pido que me devuelvan ese pago.",
    "Solicito formalmente la devolución del valor, con los intereses si hay lugar.",
    "Les pido que me consignen lo que pagué de más a la cuenta que relaciono abajo.",
)
AMOUNT_SENTENCES = ("El valor fue de ${amount}.", "Fueron ${amount}.", "Por un valor de ${amount} cada vez.", "",
                    "El comprobante es por ${amount}.", "")
# What a reclamo demands when the failure puts someone at risk: restore it now (still a reclamo, guide §1).
URGENT_REPAIRS = ("Vengan a arreglarlo hoy mismo.", "Exijo que restablezcan el servicio ya.", "Manden la cuadrilla ya, por favor.",
                  "Necesitamos que lo reparen de inmediato.", "Que lo solucionen hoy, no mañana.",
                  "Pido que normalicen el servicio con prioridad.")
# What a petition asks when the matter is a risk to life (a visit, an intervention: petición general).
RISK_REQUESTS = ("Pido que vengan a revisar de inmediato.", "Solicito que envíen a alguien hoy mismo.",
                 "Pido que la oficina de gestión del riesgo haga la visita ya.", "Solicito una intervención urgente.",
                 "Pedimos que actúen antes de que pase algo peor.", "Solicito que se tomen medidas preventivas ya.")
# Purposes that do not make a request urgent (stake "ninguno").
NEUTRAL_PURPOSES = ("Es para tenerlo en mis archivos.", "Es para un trámite personal, sin afán.", "No es urgente.",
                    "Cuando puedan me lo envían.", "Es solo para estar informado.", "Lo pregunto por curiosidad.")
SITUATION_FRAMES = ("Además, {text}.", "Les aclaro que {text}.", "Es importante que sepan que {text}.", "{text_cap}.",
                    "Por favor tengan en cuenta que {text}.", "Y lo más grave: {text}.", "Ojo, {text}.")
# What a writer says about a pending matter with a concrete consequence (stake "pendiente").
CONSEQUENCES = (
    "Lo necesito para un empleo que empiezo pronto.", "Sin eso el banco no me aprueba el crédito.",
    "Es para un viaje que ya tiene fecha.", "Ya es la segunda vez que pido lo mismo.", "Esta es la tercera vez que escribo.",
    "De esto depende que me paguen la pensión.", "Sin este papel no puedo vender la casa.",
)
# Mentions that do NOT raise priority by themselves (guide 4: mention is not affectation).
DECOYS = (
    "Soy adulto mayor y les escribo con mucho respeto.", "Tengo {age} años y me gusta participar.",
    "Mi nieto me ayudó a escribir este correo.", "Es URGENTE, por favor.", "¡¡Urgente!!", "Les agradezco la prontitud.",
    "Soy madre de tres niños.", "Mi hijo pequeño estudia en el colegio del barrio.", "Soy pensionado.",
    "Mi mamá, que tiene {age} años, también opina lo mismo.",
)

# -- situations, composed (guide §4): each part drawn independently, so the model learns the situation ---
# Who is exposed to a risk to health, with what condition, and what the matter does to them (riesgo_vida).
HEALTH_WHO = (
    "mi papá", "mi mamá", "mi esposo", "mi esposa", "mi hermano", "mi hermana", "mi vecina", "un señor de la cuadra",
    "mi tío", "mi compañera", "yo", "mi cuñado", "una señora del conjunto", "mi pareja", "mi primo",
)
HEALTH_CONDITION = (
    "depende de un concentrador de oxígeno", "usa oxígeno día y noche", "está en diálisis", "se hace hemodiálisis tres veces por semana",
    "es insulinodependiente", "tiene cáncer y está en quimioterapia", "tiene un marcapasos", "sufre de epilepsia",
    "tiene EPOC", "está recién operado del corazón", "vive con VIH y necesita sus antirretrovirales", "es trasplantado de riñón",
    "tiene una infección que no cede", "tiene insuficiencia renal", "se alimenta por sonda", "tiene leucemia",
    "sufre de convulsiones", "tiene una trombosis", "está con tratamiento para la tuberculosis", "tiene un tumor en la cabeza",
    "usa un respirador en la casa", "tiene la presión descontrolada", "sufrió un derrame hace poco",
)
HEALTH_THREAT = (
    "y se nos puede morir", "y ya tuvo que ir a urgencias dos veces", "y el médico dijo que no puede esperar",
    "y empeora cada día", "y anoche casi no pasa la noche", "y cualquier descuido le puede costar la vida",
    "y está cada vez más débil", "y ya lleva {n} días muy mal",
)
# Threats that are a service failing (a reclamo's matter): only where the type is a reclamo (guide §1).
HEALTH_FAILURE = (
    "y sin luz el aparato no funciona", "y sin agua no se pueden hacer las curaciones", "y lleva {n} días sin el medicamento",
    "y ya le suspendieron el tratamiento", "y la EPS no le entrega la droga", "y la cita con el especialista la dieron para dentro de {n} meses",
    "y le cancelaron la cirugía otra vez", "y se quedó sin las dosis", "y le interrumpieron las sesiones",
    "y sin la nevera el medicamento se daña",
)
# A hazard going on now, anywhere (riesgo_vida): what × who is exposed.
HAZARDS = (
    "hay un cable de alta tensión colgando sobre la calle", "huele a gas en toda la cuadra", "hay una fuga de gas desde ayer",
    "se prendió fuego en el lote de al lado", "el muro de la casa vecina se está ladeando", "las grietas de la casa crecen cada día",
    "el río se creció y el agua ya entra a las casas", "la montaña se está viniendo abajo", "se abrió un socavón en la vía",
    "el poste de la luz está a punto de caerse", "un árbol enorme está inclinado y se le ven las raíces",
    "hay un brote de hepatitis en el barrio", "hay muchos enfermos de diarrea por el agua sucia", "van varios casos de chikunguña en la cuadra",
    "unos perros bravos ya mordieron a varias personas", "hay una plaga de ratas que ya mordió a un niño",
    "la estructura del puente está partida", "hay un transformador echando chispas", "la baranda del puente se cayó",
    "el techo del salón comunal está cediendo", "hay aguas negras estancadas y mucho zancudo", "un colono quema basura tóxica todos los días",
    "hay una culebra venenosa que ya picó a un perro", "la creciente se llevó el puente peatonal", "hay una alcantarilla destapada y honda",
    "llegó un grupo armado y está amenazando a la gente", "nos dejaron un panfleto con amenazas", "me están extorsionando",
    "mi expareja me golpea y me amenaza", "nos tocó salir desplazados de la vereda", "hay balaceras casi todas las noches",
    "un hombre armado ronda la escuela",
    "la canalización del caño se partió y el agua se está metiendo a las casas",
    "la alcantarilla de la carretera se hundió y se está llevando la banca", "se robaron la tapa del pozo y quedó un hueco hondo en plena vía",
    "un enjambre de avispas se instaló en el techo del jardín infantil", "se formó un avispero enorme en el árbol del parque infantil",
    "una casa abandonada de un particular se está desmoronando sobre el andén", "el palo del solar vecino quedó recostado sobre los cables",
    "una piedra gigante se soltó en la ladera y quedó frenada encima del barrio", "apareció una babilla en el caño donde se bañan los pelados",
)
# Hazards that are a provided facility or service failing (repairing it is a reclamo, guide §1): a petition's
# risk never names one of these.
FACILITY_HAZARDS = frozenset({
    "hay un cable de alta tensión colgando sobre la calle", "huele a gas en toda la cuadra", "hay una fuga de gas desde ayer",
    "se abrió un socavón en la vía", "el poste de la luz está a punto de caerse", "la estructura del puente está partida",
    "hay un transformador echando chispas", "la baranda del puente se cayó", "el techo del salón comunal está cediendo",
    "hay aguas negras estancadas y mucho zancudo", "hay muchos enfermos de diarrea por el agua sucia",
    "hay una alcantarilla destapada y honda", "la canalización del caño se partió y el agua se está metiendo a las casas",
    "la alcantarilla de la carretera se hundió y se está llevando la banca", "se robaron la tapa del pozo y quedó un hueco hondo en plena vía",
})
PETITION_HAZARDS = tuple(h for h in HAZARDS if h not in FACILITY_HAZARDS)
RECLAMO_HAZARDS = tuple(h for h in HAZARDS if h in FACILITY_HAZARDS)  # a reclamo's risk is the failing facility itself
# A queja's risk is the servant's own conduct: a threat or violence against the writer now (guide §1, §4 rule 1).
QUEJA_HAZARDS = (
    "el funcionario me advirtió que me iba a hacer daño si volvía a quejarme", "el celador de la sede me esperó afuera y me dijo que me iba a pegar",
    "el conductor de la ruta me amenazó de muerte delante de mis hijos", "el operario me dijo que sabía dónde vivo y que me cuidara",
    "el agente me tiró al piso a golpes cuando le pedí su identificación", "el vigilante del hospital sacó un arma para echarnos",
    "desde que puse la queja el funcionario me manda razones con amenazas", "el inspector me dio un puño en la cara frente a todo el mundo",
    "el contratista de la alcaldía amenazó con quemarme el puesto de ventas", "el funcionario me siguió hasta la casa gritando que me iba a matar",
    "la funcionaria le dijo a mi hijo que si seguíamos molestando nos iba a mandar a alguien", "un escolta del concejal me encañonó en la fila",
)
QUEJA_FEAR = ("y tengo miedo de salir de la casa", "y temo por mi vida", "y desde entonces no duermo tranquila", "",
              "y mi familia está asustada", "")
HAZARD_EXPOSED = (
    "y ahí juegan niños", "y por ahí pasa gente todo el día", "y las familias siguen ahí", "y nadie ha venido", "",
    "y tenemos miedo de que alguien se muera", "y cualquier momento pasa una desgracia", "y vivimos justo al lado", "",
)
NOW = ("desde anoche", "desde esta mañana", "en este momento", "desde hace {n} días", "hoy", "desde el fin de semana", "")
# A person of special protection (minor, older adult, disability, pregnancy) × what the matter does to them now.
PROTECTED_PEOPLE = (
    "mi mamá de {age} años", "mi papá, de {age} años,", "mi abuela, que tiene {age},", "un señor de {age} años", "mi suegro de {age}",
    "yo, que tengo {age} años,", "yo, adulta mayor de {age} años,", "el abuelito de la casa", "mi tía, una señora mayor,",
    "los abuelitos del hogar geriátrico", "los adultos mayores del barrio", "mi vecino, que es un anciano,", "yo, con mis {age} años,",
    "mi hijo de {child} años", "mi hija de {child} años", "mi bebé de {months} meses", "el niño de {child} años", "mi nieta de {child}",
    "los niños de la escuela", "los estudiantes de primaria", "los alumnos de la sede rural", "los menores del sector",
    "mi sobrino, que es menor de edad,", "los niños de la vereda", "el recién nacido",
    "mi hijo, que tiene autismo,", "mi hermana, que tiene síndrome de Down,", "mi esposo, que está en silla de ruedas,",
    "mi papá, que es ciego,", "yo, que soy sordo,", "mi hija, que tiene parálisis cerebral,", "yo, que tengo una discapacidad física,",
    "mi tío, que le amputaron una pierna,", "mi hijo, con discapacidad cognitiva,", "una persona con discapacidad visual",
    "mi esposa, embarazada de {months} meses,", "yo, que estoy embarazada,", "mi hija, que está en embarazo,",
    "una mujer en embarazo", "mi nuera, que está a punto de dar a luz,", "yo, gestante de {months} meses,",
)
# What the matter does to them: a servant's conduct for a queja, a privation for a reclamo (guide §1), and
# effects that fit both.
_HARM_EITHER = ("es la más perjudicada", "es quien sufre todo esto", "es la que está pagando las consecuencias",
                "es el más afectado de la casa", "quedó muy afectada")
PROTECTED_HARM = {
    "queja": ("fue maltratado en la ventanilla", "fue humillada por el funcionario", "estuvo esperando horas de pie porque no lo atendieron",
              "le gritaron y lo sacaron", "fue tratada como si no valiera nada", "recibió burlas del que atendía",
              "fue ignorado mientras atendían a los conocidos", "fue regañada delante de todos", *_HARM_EITHER),
    "reclamo": ("se quedó sin el servicio", "lleva {n} días sin poder bañarse", "no ha recibido el pago del subsidio",
                "no pudo entrar porque no había rampa", "se cayó por el hueco", "lleva {n} semanas sin clases",
                "tiene que caminar horas para llegar a estudiar", "no recibe el almuerzo escolar", "se está enfermando",
                "quedó sin cupo en el colegio", "no ha podido reclamar los medicamentos", "pasa hambre por esto",
                "no puede salir de la casa", "se está mojando porque el techo se cae", "perdió la terapia",
                "no duerme por el ruido", "no tiene transporte para ir a la escuela", "está sin agua potable",
                "se quedó sin pañales ni suplementos", "no recibe el control prenatal", *_HARM_EITHER),
}
# A tutela (or desacato) announced: what the writer will do × when.
TUTELA_ACTION = (
    "interpondré una acción de tutela", "acudiré a la tutela", "radicaré una tutela", "instauraré acción de tutela",
    "me tocará poner una tutela", "presentaré tutela por violación del derecho de petición", "pediré el desacato del fallo de tutela",
    "mi abogado presentará la tutela", "iré al juez por tutela", "interpondré incidente de desacato",
)
TUTELA_CONDITION = (
    "si no responden en los términos", "de no obtener respuesta", "si esto no se resuelve esta semana", "si siguen sin contestar",
    "en caso de silencio", "si me lo vuelven a negar", "sin más aviso", "si no cumplen",
)
# A legal or judicial deadline at stake: what × when.
DEADLINE_WHAT = (
    "el plazo para presentar el recurso", "la audiencia", "la diligencia de embargo", "el remate de la casa",
    "el término para contestar la demanda", "el cierre de inscripciones", "la fecha límite del juzgado", "el cobro coactivo",
    "la diligencia de desalojo", "el término de la respuesta", "la convocatoria del concurso", "el plazo de la prescripción",
)
DEADLINE_WHEN = (
    "vence el {weekday}", "es el próximo {weekday}", "se cumple mañana", "vence en {n} días", "ya se venció",
    "es la otra semana", "se cierra este {weekday}", "vence hoy",
)
# Hard negatives (stake "ninguno"): a protected person merely mentioned, urgency words, capitals, anger.
MENTION_FRAMES = (
    "{who} también opina lo mismo", "{who} me pidió que les preguntara", "le escribo en nombre de la familia, {who} incluido",
    "{who} está muy contento con el barrio", "{who} quiere participar en las actividades", "la idea se le ocurrió a {who}",
    "{who} me ayudó a redactar esto", "les cuento que en la casa está {who}, pero eso no tiene que ver",
)
URGENCY_DECOYS = (
    "URGENTE!!!", "Es urgentísimo, respondan pronto.", "Necesito respuesta YA.", "Por favor atiendan esto con prioridad.",
    "Es de carácter urgente.", "Espero respuesta inmediata.", "¡¡¡Qué falta de seriedad!!!", "ESTOY MUY MOLESTO.",
    "Ojalá esta vez sí respondan rápido.", "No es posible que todo sea tan lento.",
)

# The same parties with a concrete consequence pending (stake "pendiente", media) or as a mere purpose (baja).
PURPOSE_PARTIES = (
    "el banco", "la aseguradora", "la universidad", "la empresa donde voy a trabajar", "la EPS", "la notaría",
    "el fondo de pensiones", "la caja de compensación", "el consulado", "el colegio de mi hijo", "la cooperativa",
    "el comprador de la casa", "la constructora", "mi abogado", "la oficina de registro",
)
PENDING_FRAMES = (
    "{party} me lo exige y sin eso no me desembolsan", "de eso depende que {party} me contrate",
    "{party} tiene parado mi trámite hasta que lo presente", "sin ese papel {party} no me paga lo que me debe",
    "ya es la segunda vez que lo pido y {party} sigue esperándolo", "{party} me suspendió el proceso por falta de eso",
    "por esto {party} no me ha dejado firmar", "mientras no lo tenga {party} me retiene el pago",
)
PURPOSE_FRAMES = (
    "es para {party}, no hay afán", "lo quiero tener para {party} más adelante", "es un requisito de {party}, cuando puedan",
    "me lo pidieron en {party} para actualizar datos", "es solo para guardarlo por si {party} lo pide algún día",
    "lo necesito para {party}, pero no es para ya", "es para llevarlo a {party} cuando tenga tiempo",
)

# Context of a petition for something new (stake "ninguno", baja): something missing or inconvenient, told
# without a failure of an existing service and without a harm (guide §1 and §4).
NEEDS = {
    "servicios_publicos": ("en nuestra calle nunca ha habido alumbrado público", "el barrio creció y la red de gas todavía no llega",
                           "en la vereda el acueducto no alcanza a cubrir las casas nuevas", "las canecas de la esquina ya no dan abasto los fines de semana"),
    "salud": ("el puesto de salud más cercano queda a una hora", "en el corregimiento no hay jornadas de vacunación hace tiempo",
              "muchos vecinos no saben cómo inscribirse en los programas de prevención", "no hay farmacia en la vereda"),
    "educacion": ("la biblioteca del colegio cierra muy temprano", "en el barrio no hay cursos de sistemas para adultos",
                  "los muchachos que se gradúan no tienen orientación para seguir estudiando", "la sala de informática tiene pocos computadores"),
    "movilidad": ("la ruta de bus pasa cada hora y media", "no hay un paradero con techo en la avenida",
                  "la vía a la vereda se pone difícil en temporada de lluvias", "falta señalización en la entrada del pueblo"),
    "seguridad": ("el parque queda oscuro de noche y la gente ya no va", "no hay un CAI cerca del barrio",
                  "los vecinos queremos organizar un frente de seguridad", "casi nunca se ve patrulla por el sector"),
    "impuestos": ("no entiendo bien cómo se liquida el predial", "el formulario de industria y comercio es confuso",
                  "me gustaría pagar el impuesto por cuotas", "en la página no aparece cómo pedir un descuento"),
    "ambiente": ("en el barrio no hay dónde dejar el reciclaje", "los árboles del separador están muy crecidos",
                 "la ronda de la quebrada se está llenando de escombros", "no hay puntos para botar pilas ni aparatos viejos"),
    "vivienda": ("llevamos años en el barrio y todavía no está legalizado", "muchas familias quieren aplicar a mejoramiento de vivienda",
                 "no sabemos si el lote está en zona de expansión", "la urbanización no tiene zonas verdes entregadas"),
    "tramites": ("la oficina solo atiende entre semana en horario laboral", "hay que hacer fila desde muy temprano para un turno",
                 "la página de la entidad no funciona bien en el celular", "no es claro qué documentos pide cada trámite"),
    "otros": ("el pueblo no tiene casa de la cultura", "la cancha del barrio no tiene graderías",
              "no hay actividades para los jóvenes los fines de semana", "el parque no tiene juegos"),
}

# -- a sugerencia written with a complaint's words (guide §1: it proposes, nothing of the writer's to repair) --
# An inconvenience seen around (how things are organised, never a service that failed the writer) ×
# a vent frame × a disclaimer that nothing is owed to the writer × a proposal, often as a question.
GRIEVANCES = {
    "servicios_publicos": ("cada corte de agua uno se entera cuando ya abrió la llave y no sale nada",
                           "el recibo trae tantos cargos que nadie en la casa entiende qué está pagando",
                           "para pagar la factura en el pueblo solo hay una caja y la fila da la vuelta",
                           "los avisos de mantenimiento salen en una página que nadie consulta"),
    "salud": ("para sacar una cita toca madrugar a hacer fila aunque existe una línea telefónica",
              "en la farmacia la gente espera de pie horas sin saber qué turno va",
              "los turnos de vacunación se anuncian el mismo día y medio barrio no alcanza",
              "nadie le explica a uno cuánto falta para que lo llamen en consulta externa"),
    "educacion": ("las reuniones de padres las ponen siempre a media mañana, cuando todos trabajamos",
                  "las circulares del colegio llegan en un papelito que los niños pierden",
                  "los jóvenes terminan el bachillerato sin que nadie les hable de carreras técnicas",
                  "la biblioteca del colegio pasa cerrada en vacaciones teniendo tantos libros"),
    "movilidad": ("nadie sabe a qué hora salen las busetas de la plaza porque no hay un horario publicado",
                  "en los paraderos no hay ni un letrero que diga qué rutas paran ahí",
                  "la ciclorruta se acaba de un momento a otro y uno queda metido entre los camiones",
                  "los fines de semana los semáforos siguen en el mismo tiempo aunque no haya carros"),
    "seguridad": ("casi ningún vecino conoce el número del cuadrante que nos toca",
                  "las reuniones de seguridad las convocan sin avisarle a la mayoría de la cuadra",
                  "el parque del barrio se queda oscuro y solo porque nadie ha pensado en cambiar los bombillos",
                  "uno quiere ayudar con información pero no hay un canal para mandarla"),
    "impuestos": ("la factura del predial llega cuando ya pasó la fecha del descuento",
                  "en la página no hay manera de saber cuánto debe uno sin ir en persona a la tesorería",
                  "el formulario de industria y comercio está escrito para contadores, no para tenderos",
                  "para un simple paz y salvo hay que hacer tres filas distintas"),
    "ambiente": ("en todo el parque no hay una sola caneca para separar el reciclaje",
                 "los domingos la orilla del río queda llena de bolsas y botellas",
                 "los vecinos siguen quemando hojas porque nadie les ha enseñado a hacer compost",
                 "la gente bota el aceite de cocina por el lavaplatos porque no sabe dónde dejarlo"),
    "vivienda": ("de las convocatorias de vivienda se enteran siempre los mismos conocidos",
                 "nadie explica en palabras sencillas los requisitos para postularse a un subsidio",
                 "el listado de beneficiarios se publica en una cartelera que casi nadie ve",
                 "para preguntar cómo va una postulación toca ir hasta el centro"),
    "tramites": ("para cualquier certificado toca ir hasta la sede y perder el día de trabajo",
                 "la fila de la ventanilla empieza antes de que amanezca",
                 "cada funcionario pide papeles distintos para el mismo trámite",
                 "la página de trámites tiene los formularios de hace años"),
    "otros": ("la casa de la cultura cierra justo a la hora en que la gente sale de trabajar",
              "los escenarios deportivos pasan vacíos entre semana mientras los muchachos no tienen qué hacer",
              "de los eventos del municipio uno se entera cuando ya pasaron",
              "las rendiciones de cuentas las hacen en un horario en que nadie puede asistir"),
}
VENT_FRAMES = (
    "Me da rabia ver que {grievance}.", "Es una vergüenza: {grievance}.", "Estoy aburrido de ver que {grievance}.",
    "Qué desorden, señores: {grievance}.", "La verdad me indigna que en pleno siglo XXI {grievance}.",
    "Escribo con bastante molestia porque {grievance}.", "No es posible que todavía {grievance}.",
    "Uno se cansa de lo mismo: {grievance}.", "Me parece el colmo que {grievance}.", "Qué pena decirlo, pero {grievance}.",
    "Cada vez que voy pasa lo mismo: {grievance}.", "Hay algo que me tiene cansada: {grievance}.",
    "Esto da mucha tristeza, {grievance}.", "Lo que se ve es que {grievance}, y así no puede ser.",
)
NOT_MY_HARM = (
    "A mí no me han negado nada, lo digo por todos.", "No tengo ningún trámite pendiente con ustedes.",
    "No estoy pidiendo que me arreglen nada a mí.", "Sé que no es culpa de los funcionarios, es de cómo está organizado.",
    "No es un caso mío, es algo que le pasa a todo el mundo.", "No busco que me devuelvan nada ni que sancionen a nadie.",
    "Yo no he salido perjudicado, pero se ve que así no funciona.", "Lo digo con respeto y con ganas de que mejore.",
    "No es contra nadie en particular.", "No estoy reclamando por mí, mi caso ya se resolvió.",
    "En el formulario escogí la opción de queja porque no había otra, pero es una propuesta.",
    "Le puse reclamo al asunto por poner algo, en realidad es una idea.", "",
)
VENT_PROPOSALS = (
    "Lo que propongo es que {idea}.", "¿Por qué no hacen que {idea}?", "Lo mínimo sería que {idea}.",
    "¿No se podría lograr que {idea}?", "Mi propuesta concreta: que {idea}.", "Sería tan sencillo como que {idea}.",
    "Con que {idea} ya se ganaría mucho.", "Ojalá tengan en cuenta la idea de que {idea}.",
    "Deberían pensar en que {idea}.", "Lo justo sería que {idea}, y así todos ganamos.",
)

# -- a facility the entity built and that broke: repairing it is a reclamo (guide §1, infraestructura) -------
FACILITIES = {
    "servicios_publicos": ("la alcantarilla de la esquina", "el tubo madre del acueducto", "la tapa del pozo de inspección",
                           "el sumidero de la calle", "el colector de aguas lluvias del barrio", "el tanque del acueducto veredal",
                           "la bocatoma del acueducto", "el tubo del alcantarillado frente a mi casa"),
    "movilidad": ("la alcantarilla que pasa por debajo de la carretera", "el box coulvert de la vía veredal", "la placa huella de la vereda",
                  "la banca de la carretera", "el pontón del caño", "la cuneta de la vía principal", "el andén de la cuadra",
                  "el muro de contención de la vía", "la baranda del puente peatonal", "el puente vehicular de la entrada"),
    "educacion": ("el techo del aula de primaria", "la batería de baños de la escuela", "el tanque de agua del colegio",
                  "la cubierta del comedor escolar", "el pozo séptico de la sede rural", "la malla del colegio"),
    "ambiente": ("la canalización de la quebrada", "el jarillón del río", "el gavión que pusieron en la quebrada",
                 "el muro de la canalización del caño", "el dique del humedal"),
    "salud": ("el techo del puesto de salud", "la planta eléctrica del hospital", "la rampa del centro de salud"),
    "vivienda": ("el muro de contención que construyó el municipio", "la obra de mitigación del barrio"),
    "otros": ("la cubierta del polideportivo", "la gradería de la cancha", "el techo del salón comunal", "el muro del cementerio"),
}
FACILITY_DAMAGES = (  # damage without a risk going on now (that is HAZARDS' job, with the situation riesgo_vida)
    "se hundió con el aguacero", "se partió", "se rompió", "se reventó", "se taponó y el agua se represa en la calle",
    "se socavó con las lluvias", "se desbarató en el invierno", "se fisuró y se sale el agua", "quedó inservible después de la tormenta",
    "se dañó hace rato", "se deterioró y nadie le hace mantenimiento", "se despegó en varias partes",
    "se dañó con el paso de las volquetas", "no sirve desde la temporada de lluvias",
)
FACILITY_FRAMES = (
    "{facility} {damage}", "desde la última lluvia {facility} {damage}", "{facility}, que hizo la alcaldía hace unos años, {damage}",
    "{facility} {damage} y así sigue", "se nos dañó la obra: {facility} {damage}",
)

# -- a refund asked in a formal letter, often by a company or a building's administrator (a reclamo) --------
REFUND_PARTIES = (
    "Escribo como representante legal de la sociedad {company}, NIT {nit}.",
    "Me dirijo a ustedes como administradora de la copropiedad {company}, NIT {nit}.",
    "Actúo como contador de {company}, identificada con NIT {nit}.", "Soy el tesorero de la junta de acción comunal.",
    "Les escribe el propietario del establecimiento {company}.", "",
)
REFUND_COMPANIES = ("Inversiones El Roble S.A.S.", "Conjunto Residencial Los Almendros", "Ferretería La Económica",
                    "Edificio Torres del Parque P.H.", "Transportes Unidos del Sur Ltda.", "Panadería San Judas",
                    "Agropecuaria La Esperanza S.A.S.", "Droguería Santa Ana")
REFUND_ANNEXES = (
    "Anexo copia de los dos comprobantes y la certificación bancaria.", "Adjunto los soportes de pago y el RUT.",
    "Relaciono la cuenta de ahorros para la consignación: Bancolombia, a nombre del titular.",
    "Como soporte van el extracto bancario y el recibo.", "Anexamos certificado de existencia y representación legal y certificación bancaria.",
    "Si prefieren, que el valor se abone a las próximas facturas, pero que quede por escrito.", "",
)

# -- closings and signatures -------------------------------------------------------------------------
CLOSINGS = (
    "Mil gracias,", "Dios los bendiga,", "Agradezco su atención,", "Atentamente,", "Cordialmente,", "Gracias,",
    "Quedo atenta,", "Saludos,", "Muchas gracias.", "Quedo atento a su respuesta.", "Con todo respeto,",
    "Agradezco de antemano,", "Espero su pronta respuesta.", "Cordial saludo,", "Sin otro particular,",
)
CLOSINGS_CHAT = ("grax", "gracias", "mil gracias", "quedo pendiente", "xfa respondan", "gracias x la atencion")
SIGNATURES = (
    "{name}\nC.C. {cedula}{expedition}\nCel. {phone}\n{email}\n{address}",
    "{name}\nTeléfono: {phone}\nDirección: {address}",
    "--\n{name}\n{email} | {phone}",
    "{name} - CC {cedula}\n{address}\n{phone}",
    "{name}\nCel {phone}",
    "{name}\nDirección de notificación: {address}\nCorreo: {email}",
)
FOOTERS = (
    "Enviado desde mi iPhone", "Enviado desde mi teléfono Huawei", "Este correo puede contener información confidencial. "
    "Si usted no es el destinatario, bórrelo.", "Estaré fuera de la oficina hasta el {weekday}; para asuntos urgentes llame al conmutador.",
    "Antes de imprimir este correo piense en el medio ambiente.", "Respuesta automática: en este momento no estoy disponible.",
    "Obtener Outlook para Android",
)

SUBJECTS: dict[str, tuple[str, ...]] = {
    "peticion": ("Derecho de petición", "Solicitud", "Petición respetuosa", "Solicitud de información", "Requerimiento",
                 "DERECHO DE PETICIÓN", "Solicitud respetuosa", "Petición"),
    "documentos": ("Solicitud de copia", "Solicitud de certificado", "Documentos", "Pido documento", "Copia de expediente"),
    "consulta": ("Consulta", "Pregunta", "Inquietud", "Duda", "Solicitud de concepto"),
    "queja": ("Queja", "Inconformidad con la atención", "Mal trato", "Queja contra funcionario", "Muy molesto",
              "Pésima atención", "Denuncia de cobro irregular"),
    "reclamo": ("Reclamo", "Reclamación", "Cobro indebido", "Reclamo urgente", "Sin servicio", "Problema sin solución",
                "Inconformidad", "Queja", "Solicitud de devolución", "Pago doble", "Daño sin reparar", "Saldo a favor"),
    "sugerencia": ("Sugerencia", "Propuesta de mejora", "Una idea para la entidad", "Recomendación", "Propuesta"),
    "other": ("Consulta", "Ayuda por favor", "Importante", "Sin asunto", "Información", "Buenas tardes", "URGENTE",
              "RV:", "Fwd:", "Hola", "Atención", "(sin asunto)", "Para el alcalde"),
}

# -- non-PQRS mail that looks like PQRS (is_pqrs false) -------------------------------------------------
NOT_PQRS_KINDS = ("fuera_de_oficina", "acuse_otro_sistema", "boletin", "publicidad", "factura_proveedor", "phishing",
                  "notificacion_judicial", "invitacion", "hoja_de_vida", "agradecimiento", "prueba", "spam")
NOT_PQRS: dict[str, tuple[tuple[str, str], ...]] = {
    "fuera_de_oficina": (
        ("Respuesta automática: fuera de la oficina", "Estoy por fuera de la oficina hasta el {weekday}. "
         "Para asuntos urgentes escriba a mi compañera.\n\n{name}"),
        ("Automatic reply: Out of office", "Estaré de vacaciones hasta el {date}. Responderé su correo a mi regreso."),
        ("Ausencia", "En este momento estoy en incapacidad médica. Su mensaje será atendido cuando me reintegre."),
        ("RE: Solicitud", "Gracias por su mensaje. Estoy fuera de la oficina sin acceso al correo hasta el {date}."),
        ("Respuesta automática: Derecho de petición", "Este buzón ya no está en uso. Por favor escriba al nuevo correo "
         "de la dependencia. Mensaje generado automáticamente."),
        ("Fuera de la oficina: {name}", "Me encuentro en comisión de servicios hasta el {weekday} con acceso limitado al "
         "correo. Si su asunto es urgente, comuníquese con la extensión {num}."),
    ),
    "acuse_otro_sistema": (
        ("Confirmación de recibido", "Su mensaje fue recibido por el sistema de gestión documental con el consecutivo "
         "{num}. No responda a este correo."),
        ("Radicado {num} - Notificación automática", "Se generó el radicado {num}. Este buzón no es monitoreado."),
        ("Delivery Status Notification (Failure)", "No se pudo entregar el mensaje a uno o más destinatarios."),
        ("Acuse de recibo - Superintendencia", "Hemos recibido su comunicación, radicada con el número {num}. "
         "Será atendida por la dependencia competente. Correo enviado automáticamente."),
        ("Leído: Reclamo", "Su mensaje fue leído el {date}."),
    ),
    "boletin": (
        ("Boletín informativo de la semana", "Conozca las noticias de la semana, la agenda cultural y los avances de obra "
         "del municipio. Si no desea recibir más estos correos, cancele la suscripción."),
        ("Newsletter de la Cámara de Comercio", "Novedades en registro mercantil, cursos gratuitos y convocatorias. "
         "Suscríbase a nuestras redes."),
        ("Gaceta oficial No. {num}", "Se publicó la gaceta con los decretos y resoluciones del mes. Consúltela en la página."),
        ("Informe de gestión del trimestre", "Compartimos los principales logros del trimestre: obras, programas sociales y "
         "cifras de atención. Este correo es informativo."),
        ("Alerta temprana: temporada de lluvias", "La Unidad de Gestión del Riesgo informa a la comunidad las medidas de "
         "prevención para la temporada de lluvias. Mensaje masivo, no responder."),
    ),
    "publicidad": (
        ("Promoción especial para entidades públicas", "Ofrecemos software de PQRS con descuento del 30%. Agende una demo."),
        ("Capacitación en contratación estatal", "Diplomado virtual en Ley 80 y SECOP II. Cupos limitados, inscríbase ya."),
        ("Dotación y uniformes", "Cotice con nosotros la dotación de sus funcionarios. Envíos a toda Colombia."),
        ("Propuesta comercial: fumigación", "Somos una empresa de control de plagas con experiencia en entidades públicas. "
         "Adjuntamos portafolio y tarifas."),
    ),
    "factura_proveedor": (
        ("Factura electrónica No. FE-{num}", "Adjuntamos la factura electrónica por el servicio de aseo de sedes del mes. "
         "Valor: ${money}. Favor confirmar recibido."),
        ("Cuenta de cobro", "Remito cuenta de cobro No. {num} por los servicios prestados según el contrato de prestación "
         "de servicios. Quedo atento al pago."),
        ("Cobro pendiente - papelería", "Les recordamos que la factura {num} de papelería se encuentra vencida."),
        ("Factura de servicios públicos de la sede", "Adjunto la factura de energía de la sede administrativa, referencia "
         "de pago {num}, con vencimiento el {date}."),
        ("Radicación cuenta de cobro contrato {num}", "Contratista de prestación de servicios. Adjunto informe de actividades, "
         "planilla de seguridad social y cuenta de cobro del mes para el trámite de pago."),
    ),
    "phishing": (
        ("DERECHO DE PETICIÓN URGENTE", "Señores: se ha radicado un derecho de petición en su contra. Para ver el documento "
         "descargue el archivo en el siguiente enlace e ingrese su usuario y contraseña del correo institucional."),
        ("Notificación judicial - proceso {num}", "Usted tiene una demanda en curso. Consulte el expediente aquí: "
         "http://notificaciones-rama.co.vu/{num} (debe habilitar macros)."),
        ("Su buzón está lleno", "Su cuenta de correo será suspendida. Verifique su contraseña en el enlace en las próximas 24 horas."),
        ("Devolución DIAN", "Tiene un saldo a favor de ${money}. Ingrese sus datos bancarios para recibir la devolución."),
        ("Queja radicada en su contra", "Estimado funcionario: un ciudadano presentó una queja contra usted. Para conocer "
         "el detalle y presentar descargos, inicie sesión con su correo y clave en el portal adjunto."),
        ("Reclamo pendiente - acción requerida", "Su cuenta tiene un reclamo sin resolver. Confirme sus datos y el código "
         "que le llegará al celular para evitar el bloqueo."),
    ),
    "notificacion_judicial": (
        ("Oficio No. {num} - Juzgado Segundo Civil Municipal", "Por medio del presente se notifica a la entidad el auto "
         "que admite la acción de tutela radicada {num}. Se concede un término de dos días para pronunciarse."),
        ("Traslado por competencia", "La Personería remite por competencia la solicitud radicada {num} para lo de su cargo."),
        ("Citación audiencia", "El Juzgado cita al representante legal de la entidad a audiencia el {date} a las 9:00 a.m."),
        ("Requerimiento Procuraduría", "La Procuraduría Provincial solicita a la entidad informar, dentro de los cinco días "
         "siguientes, las actuaciones adelantadas en el expediente {num}."),
        ("Notificación fallo de tutela {num}", "Se notifica el fallo de primer grado proferido en la tutela "
         "de la referencia, que se anexa para su cumplimiento."),
    ),
    "invitacion": (
        ("Invitación: foro de participación ciudadana", "Tenemos el gusto de invitarlos al foro del {date} en el auditorio."),
        ("Invitación a la feria de servicios", "La Gobernación invita a la feria de servicios al ciudadano el {date}."),
        ("Invitación: lanzamiento del programa", "Nos complace invitar al señor alcalde y a su equipo al lanzamiento del "
         "programa de emprendimiento el {weekday} a las 10 a.m."),
    ),
    "hoja_de_vida": (
        ("Hoja de vida", "Buenos días, adjunto mi hoja de vida por si tienen alguna vacante. Soy técnico en sistemas."),
        ("Envío HV - profesional en administración", "Me permito remitir mi hoja de vida para futuros procesos de selección."),
        ("Práctica profesional", "Soy estudiante de último semestre de derecho y quisiera hacer la práctica en la entidad. "
         "Adjunto hoja de vida y carta de la universidad."),
    ),
    "agradecimiento": (
        ("Gracias", "Solo quería agradecerles por la atención de ayer, fueron muy amables. Dios los bendiga."),
        ("Felicitaciones", "Felicito a la funcionaria que me atendió, muy diligente. No necesito nada más, solo reconocerlo."),
        ("Muy agradecida", "Ya me llegó la respuesta y quedó todo resuelto. Gracias a todo el equipo por la ayuda."),
    ),
    "prueba": (("prueba", "prueba 123"), ("test", "esto es una prueba del correo"), ("", "."), ("Sin asunto", "ok"),
               ("hola", "hola")),
    "spam": (
        ("¡Gane dinero desde casa!", "Oferta exclusiva: invierta hoy y gane hasta 5 millones al mes. Haga clic aquí."),
        ("Préstamos sin codeudor", "Crédito inmediato, reportados en Datacrédito también. Escríbanos al WhatsApp."),
        ("Rebajas", "Descuentos del 70% en electrodomésticos solo por hoy. Compre ya."),
        ("Usted ha sido seleccionado", "Felicitaciones, ganó un celular de alta gama. Reclame su premio pagando solo el envío."),
        ("Trabajo desde casa", "Gane $300.000 diarios respondiendo encuestas. Cupos limitados, escriba ya."),
    ),
}

# -- the rest of the thread (entity replies and follow-ups) -------------------------------------------
FOLLOW_UPS = (
    "Buenos días, escribo de nuevo porque no he recibido respuesta a mi solicitud radicada con el número {radicado}.",
    "Recordatorio: sigo esperando respuesta al radicado {radicado}. Ya pasaron varios días.",
    "Señores, por favor informen el estado de mi caso {radicado}.",
    "Reitero mi solicitud {radicado}, no he tenido ninguna respuesta.",
)

REOPEN_REPLIES = (
    "La respuesta que me dieron no resuelve el problema. Solicito revisar nuevamente el caso {radicado}.",
    "No estoy de acuerdo con la respuesta al radicado {radicado}; el problema continúa.",
    "Gracias por responder, pero siguen sin solucionar lo que pedí en {radicado}.",
)

ACK_BODY = (
    "Cordial saludo.\n\nSu comunicación fue recibida y radicada con el número {radicado} el {date}. "
    "De acuerdo con la Ley 1755 de 2015, la entidad dará respuesta dentro de los términos legales.\n\n"
    "Este es un mensaje automático, por favor no responda a este correo.\n\nVentanilla Única de PQRSD"
)

RESPONSE_BODY = (
    "Respetado(a) ciudadano(a):\n\nEn atención a su solicitud radicada con el número {radicado}, "
    "le informamos que {resolution}.\n\nCordialmente,\n\nOficina de Atención al Ciudadano"
)
RESOLUTIONS = (
    "su caso fue remitido a la dependencia competente, que adelantó las acciones correspondientes",
    "se programó una visita técnica para atender lo solicitado",
    "adjuntamos la información y los documentos solicitados",
    "tras revisar su caso, se realizó el ajuste correspondiente",
    "su sugerencia fue tenida en cuenta por el comité de mejoramiento",
)
