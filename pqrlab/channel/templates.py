"""Spanish text pieces for PQRS e-mails in a Colombian register.

Each e-mail is assembled from: greeting, self-identification, a type sentence (what the citizen asks
for), a topic detail, the place, an optional urgency cue, closing and signature. Several paraphrases
per slot keep keyword rules from being enough.
"""
from __future__ import annotations

PQRS_TYPES = ("peticion", "queja", "reclamo", "sugerencia")
PETITION_SUBTYPES = ("general", "documentos", "consulta")
TOPICS = (
    "servicios_publicos", "salud", "educacion", "movilidad", "seguridad",
    "impuestos", "ambiente", "vivienda", "tramites", "otros",
)
PRIORITIES = ("alta", "media", "baja")

GREETINGS = (
    "Buenas noches,", "Estimados,", "Muy buenos días señores", "Doctor(a):", "Saludos cordiales,",
    "Buenos días,", "Buenas tardes,", "Señores,", "Cordial saludo.", "Respetados señores:",
    "Buen día", "Señores de la entidad,", "A quien corresponda:", "Hola,", "Apreciados funcionarios:",
)

INTRODUCTIONS = (
    "Mi nombre es {name}, identificado(a) con cédula de ciudadanía No. {cedula}.",
    "Yo, {name}, con C.C. {cedula}, me dirijo a ustedes",
    "Les escribe {name}, cédula {cedula}.",
    "Soy {name} (CC {cedula}) y escribo por lo siguiente.",
    "{name}, mayor de edad, identificado con la cédula {cedula}, de manera respetuosa manifiesto:",
)

TYPE_SENTENCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("peticion", "general"): (
        "Necesito que me ayuden con {ask}.",
        "¿Será posible {ask_inf}? Les agradecería mucho.",
        "Agradezco su colaboración para {ask_inf}.",
        "Acudo a ustedes para que {ask_verb}.",
        "En ejercicio del derecho de petición consagrado en el artículo 23 de la Constitución, solicito {ask}.",
        "De manera respetuosa les pido {ask}.",
        "Solicito muy comedidamente {ask}.",
        "Por medio de la presente elevo derecho de petición para que {ask_verb}.",
        "Quisiera pedirles el favor de {ask_inf}.",
    ),
    ("peticion", "documentos"): (
        "Para un trámite en el banco me piden el {doc}; ¿me lo pueden hacer llegar?",
        "¿Dónde puedo obtener el {doc}? Lo necesito esta semana.",
        "Me hace falta el {doc} y no lo encuentro en la página.",
        "Solicito copia del {doc} relacionado con {subject}.",
        "Requiero que me expidan el {doc} a mi nombre.",
        "Pido acceso a la información pública sobre {subject}, en particular el {doc}.",
        "Necesito una copia auténtica del {doc}; la requiero para un trámite.",
        "Por favor enviarme el {doc} correspondiente a {subject}.",
    ),
    ("peticion", "consulta"): (
        "Tengo una inquietud: ¿qué dice la ley sobre {subject}?",
        "Quiero saber si puedo {ask_inf} y qué pasos seguir.",
        "¿Cuál es la posición de la entidad frente a {subject}?",
        "Elevo consulta sobre {subject}: ¿cuál es la norma aplicable y qué requisitos debo cumplir?",
        "Quisiera conocer el concepto de la entidad acerca de {subject}.",
        "Les consulto si es procedente {ask_inf} y bajo qué condiciones.",
        "Tengo una duda jurídica sobre {subject} y solicito su concepto.",
        "¿Me pueden orientar sobre el procedimiento para {ask_inf}? Requiero un concepto formal.",
    ),
    ("queja", "general"): (
        "No puede ser que {complaint}.",
        "Ya me cansé: {complaint}.",
        "Qué vergüenza con ustedes, {complaint}.",
        "Nadie hace nada y {complaint}.",
        "Presento queja por la atención recibida: {complaint}.",
        "Quiero manifestar mi inconformidad porque {complaint}.",
        "Es inaceptable que {complaint}. Exijo que se tomen medidas con el funcionario responsable.",
        "Me quejo formalmente del mal trato: {complaint}.",
        "Estoy muy molesto(a): {complaint}, y nadie da la cara.",
    ),
    ("reclamo", "general"): (
        "Revisé bien y {claim}; necesito que me corrijan eso.",
        "Pagué lo que no debía: {claim}. Quiero mi plata de vuelta.",
        "Hay un error: {claim}.",
        "Presento reclamo porque {claim}. Solicito que se corrija y se me devuelva lo cobrado de más.",
        "Hago un reclamo formal: {claim}.",
        "No estoy de acuerdo con el cobro, {claim}. Pido la revisión y el ajuste.",
        "Reclamo el incumplimiento: {claim}. Exijo una solución.",
        "Les escribo para reclamar porque {claim}; necesito que lo solucionen.",
    ),
    ("sugerencia", "general"): (
        "Ojalá {suggestion}.",
        "Pienso que sería útil que {suggestion}.",
        "Una idea: que {suggestion}.",
        "Me permito sugerir que {suggestion}.",
        "Como propuesta para mejorar el servicio, {suggestion}.",
        "Sería bueno que {suggestion}.",
        "Quiero dejar una sugerencia: {suggestion}.",
        "Les recomiendo que {suggestion}; creo que ayudaría a muchos ciudadanos.",
    ),
}

TOPIC_FILLERS: dict[str, dict[str, tuple[str, ...]]] = {
    "servicios_publicos": {
        "ask": ("la revisión de la factura del servicio de acueducto", "la reconexión del servicio de energía"),
        "ask_verb": ("se revise la factura de energía del último periodo",),
        "ask_inf": ("revisar el medidor de agua de mi casa", "instalar el servicio de gas domiciliario"),
        "doc": ("histórico de consumos de la factura", "certificado de paz y salvo del servicio de acueducto"),
        "subject": ("la tarifa del servicio de aseo", "los cortes de agua en el barrio"),
        "complaint": ("llevamos cuatro días sin agua en el barrio y nadie responde",
                      "el técnico de la empresa de energía fue grosero en la visita"),
        "claim": ("me facturaron un consumo de agua que no corresponde al medidor",
                  "la factura de energía llegó con un valor tres veces mayor"),
        "suggestion": ("avisen con anticipación los cortes programados de luz",
                       "habiliten el pago de la factura del acueducto por medios digitales"),
    },
    "salud": {
        "ask": ("la autorización de una cita con especialista", "la entrega de los medicamentos formulados"),
        "ask_verb": ("se autorice la cirugía que ordenó el médico tratante",),
        "ask_inf": ("agilizar la cita con el especialista", "trasladar mi afiliación a otra EPS"),
        "doc": ("historial de atenciones del hospital", "certificado de afiliación a la EPS"),
        "subject": ("la entrega de medicamentos en la EPS", "la atención en el puesto de salud"),
        "complaint": ("en el hospital nos dejaron esperando ocho horas en urgencias",
                      "la EPS no entrega los medicamentos desde hace un mes"),
        "claim": ("la EPS me cobró una cuota moderadora que no corresponde",
                  "me negaron el medicamento que está en el plan de beneficios"),
        "suggestion": ("el puesto de salud amplíe el horario de atención",
                       "la EPS asigne las citas médicas por teléfono"),
    },
    "educacion": {
        "ask": ("un cupo escolar para mi hijo en el colegio del barrio", "información sobre la matrícula"),
        "ask_verb": ("se asigne cupo escolar a mi hija en el colegio oficial",),
        "ask_inf": ("matricular a mis hijos en la institución educativa", "acceder al programa de alimentación escolar"),
        "doc": ("certificado de estudios del colegio", "acta de grado de bachiller"),
        "subject": ("el programa de alimentación escolar", "los cupos en los colegios oficiales"),
        "complaint": ("el colegio no tiene profesor de matemáticas desde febrero",
                      "los niños del colegio no están recibiendo el refrigerio escolar"),
        "claim": ("me cobraron derechos de matrícula en un colegio público",
                  "el transporte escolar no pasó en todo el mes"),
        "suggestion": ("los colegios ofrezcan refuerzo escolar en la tarde",
                       "se mejore la conectividad a internet en las escuelas rurales"),
    },
    "movilidad": {
        "ask": ("la instalación de un semáforo en el cruce del barrio", "la reparación del hueco de la vía"),
        "ask_verb": ("se tape el hueco que hay frente a mi casa",),
        "ask_inf": ("pavimentar la calle del barrio", "cambiar la señalización del cruce peatonal"),
        "doc": ("certificado de tradición del vehículo", "soporte del comparendo de tránsito"),
        "subject": ("el pico y placa", "las fotomultas"),
        "complaint": ("el agente de tránsito me trató de forma irrespetuosa",
                      "la vía principal lleva meses llena de huecos"),
        "claim": ("me impusieron una fotomulta cuando el vehículo ya estaba vendido",
                  "me cobraron un comparendo que ya había pagado"),
        "suggestion": ("se construya una ciclorruta en la avenida principal",
                       "haya más rutas de bus en la noche"),
    },
    "seguridad": {
        "ask": ("más presencia de la policía en el barrio", "la instalación de cámaras de seguridad"),
        "ask_verb": ("se aumenten las rondas de la policía en el sector",),
        "ask_inf": ("instalar alumbrado en el parque", "reforzar la vigilancia en la salida del colegio"),
        "doc": ("informe de la denuncia presentada", "certificado de la inspección de policía"),
        "subject": ("los robos en el barrio", "el consumo de drogas en el parque"),
        "complaint": ("en el parque roban a diario y la policía no aparece",
                      "la línea de emergencias no contestó cuando llamamos"),
        "claim": ("la inspección no ha resuelto la querella que radiqué hace meses",
                  "me cobraron por un trámite de la inspección que es gratuito"),
        "suggestion": ("se organicen frentes de seguridad con la comunidad",
                       "se ilumine mejor el sendero peatonal"),
    },
    "impuestos": {
        "ask": ("la revisión del avalúo catastral de mi predio", "un acuerdo de pago del impuesto predial"),
        "ask_verb": ("se corrija el avalúo del predio",),
        "ask_inf": ("pagar el impuesto predial por cuotas", "acceder al descuento por pronto pago"),
        "doc": ("paz y salvo del impuesto predial", "estado de cuenta del impuesto de industria y comercio"),
        "subject": ("el impuesto predial", "el impuesto de industria y comercio"),
        "complaint": ("en la ventanilla de impuestos me hicieron volver cuatro veces",
                      "la plataforma de pagos de impuestos no funciona"),
        "claim": ("me cobraron dos veces el impuesto predial del mismo año",
                  "el avalúo catastral subió el doble sin justificación"),
        "suggestion": ("se envíe la factura del predial por correo electrónico",
                       "se amplíe el plazo del descuento del predial"),
    },
    "ambiente": {
        "ask": ("la poda de un árbol que está a punto de caer", "una visita por el ruido de un establecimiento"),
        "ask_verb": ("se haga control a la quema de basuras en el lote vecino",),
        "ask_inf": ("recoger los escombros de la quebrada", "controlar el ruido de la discoteca"),
        "doc": ("permiso de tala del árbol", "concepto técnico de la visita ambiental"),
        "subject": ("la contaminación de la quebrada", "el manejo de residuos"),
        "complaint": ("el camión de la basura no pasa hace dos semanas",
                      "una fábrica está botando residuos al río"),
        "claim": ("me multaron por sacar la basura cuando el camión no pasó",
                  "pagué la poda del árbol y nunca vinieron"),
        "suggestion": ("se pongan puntos de reciclaje en los barrios",
                       "se siembren más árboles en el parque"),
    },
    "vivienda": {
        "ask": ("información del subsidio de vivienda", "la inclusión en el programa de mejoramiento de vivienda"),
        "ask_verb": ("se me incluya en el programa de vivienda de interés social",),
        "ask_inf": ("postularme al subsidio de vivienda", "legalizar el predio donde vivo"),
        "doc": ("certificado de la postulación al subsidio", "licencia de construcción del vecino"),
        "subject": ("el subsidio de vivienda", "la legalización de barrios"),
        "complaint": ("la constructora del proyecto de vivienda no ha entregado las casas",
                      "las casas del programa tienen grietas y humedad"),
        "claim": ("me descontaron el subsidio de vivienda sin haberlo recibido",
                  "la vivienda entregada no cumple con lo prometido"),
        "suggestion": ("se publique la lista de beneficiarios del subsidio",
                       "se hagan ferias de vivienda en los barrios"),
    },
    "tramites": {
        "ask": ("información sobre el estado de mi trámite", "una cita para la expedición del pasaporte"),
        "ask_verb": ("se me informe en qué va el trámite que radiqué",),
        "ask_inf": ("hacer el trámite en línea", "cambiar la cita asignada"),
        "doc": ("certificado de residencia", "copia del radicado de mi solicitud"),
        "subject": ("los requisitos del certificado de residencia", "la ventanilla única de trámites"),
        "complaint": ("en la ventanilla me pidieron requisitos que no están en la página",
                      "la fila para el trámite dura más de cinco horas"),
        "claim": ("pagué el trámite y no me han entregado el documento",
                  "me cobraron por el certificado que debería ser gratuito"),
        "suggestion": ("todos los trámites se puedan hacer por internet",
                       "haya un turno preferencial para adultos mayores"),
    },
    "otros": {
        "ask": ("información general sobre la entidad", "el horario de atención al público"),
        "ask_verb": ("se me indique a qué dependencia debo dirigirme",),
        "ask_inf": ("hablar con el director de la entidad", "participar en la rendición de cuentas"),
        "doc": ("informe de gestión del año pasado", "directorio de funcionarios"),
        "subject": ("la rendición de cuentas", "los programas sociales de la entidad"),
        "complaint": ("nadie contesta el teléfono de la entidad",
                      "el vigilante no me dejó entrar a la sede"),
        "claim": ("no me respondieron una solicitud anterior",
                  "me cobraron por una información que es pública"),
        "suggestion": ("la entidad tenga un chat de atención",
                       "se publiquen las respuestas más frecuentes en la página"),
    },
}

PLACE_SENTENCES = (
    "Vivo en el municipio de {municipality} ({department}).",
    "Esto ocurre en {municipality}, {department}.",
    "Soy residente de {municipality} - {department}.",
    "La situación se presenta en {municipality}, departamento de {department}.",
    "Escribo desde {municipality} ({department}).",
)

# Cues that justify each priority; the text must say why a case is urgent.
PRIORITY_CUES: dict[str, tuple[str, ...]] = {
    "alta": (
        "Es urgente: se trata de un menor de edad.",
        "Si no responden, interpondré una acción de tutela.",
        "Mi madre es una persona en condición de discapacidad y no puede esperar.",
        "Es una urgencia de salud, la vida de mi familiar está en riesgo.",
        "Soy adulto mayor y estoy en situación de vulnerabilidad.",
    ),
    "media": (
        "Agradezco una respuesta pronta.",
        "Quedo atento a su respuesta dentro de los términos de ley.",
        "Espero su pronta gestión.",
    ),
    "baja": ("", "Gracias por su atención.", "Sin otro particular."),
}

CLOSINGS = ("Mil gracias,", "Dios los bendiga,", "Agradezco su atención,", "Atentamente,", "Cordialmente,", "Gracias,", "Quedo atenta,", "Saludos,", "Muchas gracias.")

SIGNATURES = (
    "{name}\nC.C. {cedula}\nCel. {phone}\n{email}\n{address}",
    "{name}\nTeléfono: {phone}\nDirección: {address}",
    "--\n{name}\n{email} | {phone}",
    "{name} - CC {cedula}\n{address}\n{phone}",
)

SUBJECTS: dict[str, tuple[str, ...]] = {
    "peticion": ("Derecho de petición", "Solicitud", "Petición respetuosa", "Solicitud de información",
                 "Requerimiento"),
    "queja": ("Queja", "Inconformidad con la atención", "Queja por mal servicio", "Muy molesto"),
    "reclamo": ("Reclamo", "Reclamación por cobro", "Cobro indebido", "Reclamo urgente"),
    "sugerencia": ("Sugerencia", "Propuesta de mejora", "Una idea para la entidad", "Recomendación"),
    "other": ("Consulta", "Ayuda por favor", "Importante", "Sin asunto", "Información", "Buenas tardes"),
}

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

NOT_PQRS: dict[str, tuple[tuple[str, str], ...]] = {
    "spam": (
        ("¡Gane dinero desde casa!", "Oferta exclusiva: invierta hoy y gane hasta 5 millones al mes. Haga clic aquí."),
        ("Promoción especial", "Descuentos del 70% en electrodomésticos solo por hoy. Compre ya."),
    ),
    "fuera_de_oficina": (
        ("Respuesta automática: fuera de la oficina",
         "Me encuentro fuera de la oficina hasta el lunes. Para asuntos urgentes escriba a mi compañera."),
        ("Out of office", "Estaré de vacaciones. Responderé su correo a mi regreso."),
    ),
    "boletin": (
        ("Boletín informativo de la semana", "Conozca las noticias de la semana y los eventos culturales del municipio."),
        ("Newsletter", "Suscríbase a nuestro boletín y reciba las últimas novedades."),
    ),
}
