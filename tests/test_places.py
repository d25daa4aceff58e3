"""The municipality resolver (`pqrlab.enrich.places`): names people use, context, and "none".

Every sentence here is written for this test (none comes from the hand-written evaluation set). Each case
names the expected municipality by its DIVIPOLA name and department, or None when the text names no place.
"""
from __future__ import annotations

import pytest

from pqrlab.channel.places import divipola
from pqrlab.enrich.baseline import Gazetteer as ReExported
from pqrlab.enrich.places import Gazetteer, fold


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def code_of(name: str, department: str | None = None) -> str:
    """The DIVIPOLA code of a municipality written as DIVIPOLA writes it (and its department when repeated)."""
    table = divipola()
    rows = table[table["municipality"].map(fold) == fold(name)]
    if department:
        rows = rows[rows["department"].map(fold).str.startswith(fold(department))]
    assert len(rows) == 1, (name, department, rows)
    return rows["municipality_code"].iloc[0]


COLLOQUIAL = [
    ("Vivo en Cúcuta y el recibo del agua llegó con un cobro doble.", "San José de Cúcuta"),
    ("el parque del barrio esta lleno de basura aca en cucuta", "San José de Cúcuta"),
    ("Soy de Cartagena y necesito el certificado de residencia.", "Cartagena de Indias"),
    ("en cartagena no hay agua desde el lunes en mi sector", "Cartagena de Indias"),
    ("Les escribo desde Mompós porque el puente está caído.", "Santa Cruz de Mompox"),
    ("La ruta escolar de Mompox no volvió a pasar por la vereda.", "Santa Cruz de Mompox"),
    ("Necesito una cita en la Secretaría de Salud de Buga.", "Guadalajara de Buga"),
    ("El hospital de Ubaté no tiene ambulancia disponible.", "Villa de San Diego de Ubaté"),
    ("Me cobraron dos veces el predial en Tumaco.", "San Andrés de Tumaco"),
    ("En Tolú la playa está llena de escombros de una obra.", "Santiago de Tolú"),
    ("Solicito copia del contrato de alumbrado de Mariquita.", "San Sebastián de Mariquita"),
    ("Trabajo en Barranca y la vía a la refinería está destruida.", "Barrancabermeja"),
    ("Escribo de Bogotá D.C. por un comparendo que no es mío.", "Bogotá, D.C."),
    ("vivo en bogota y el sisben me salio mal", "Bogotá, D.C."),
    ("En Santafé de Bogotá, donde nací y vivo, el SITP no pasa por mi calle.", "Bogotá, D.C."),
    ("La Alcaldía de Medellín no ha respondido mi derecho de petición.", "Medellín"),
    ("en medellin los huecos de la 80 siguen iguales", "Medellín"),
    ("Desde Villavo les pido que arreglen el semáforo de la glorieta.", "Villavicencio"),
    ("La EPS de B/quilla no me entrega los medicamentos.", "Barranquilla"),
    ("Resido en El Espinal y el acueducto no envía facturas.", "Espinal"),
    ("Soy docente en Carmen de Bolívar y no me han pagado la prima.", "El Carmen de Bolívar"),
    ("Vivo en Don Matías y el bus veredal dejó de pasar.", "Donmatías"),
    ("Santa Fe de Antioquia necesita más vigilancia en el puente de occidente.", "Santa Fé de Antioquia"),
    ("Soy raizal de San Andrés Isla y pido la tarjeta OCCRE.", "San Andrés", "Archipiélago"),
    ("Mi mamá vive en Zipaquirá y no le han entregado el subsidio.", "Zipaquirá"),
    ("Le escribo desde Fusa por el cobro de valorización.", "Fusagasugá"),
    ("Pasto, 4 de mayo de 2026\n\nSolicito información del programa de vivienda.", "Pasto"),
    ("Ibague 12/03/2026\nSolicito el paz y salvo del impuesto predial.", "Ibagué"),
    ("En Itagui los semáforos de la autopista no sirven.", "Itagüí"),
    ("La secretaria de transito de monteria me puso un comparendo injusto", "Montería"),
    ("EN QUIBDO NO HAY LUZ DESDE HACE TRES DIAS", "Quibdó"),
    ("Necesito el certificado de estratificación de mi casa en Tuluá.", "Tuluá"),
    ("Solicito la poda de los árboles del parque principal de Sogamoso.", "Sogamoso"),
    ("El colegio de Chía no tiene profesor de inglés desde marzo.", "Chía"),
    ("Pido que revisen el alumbrado de la vereda Fagua en el municipio de Chía.", "Chía"),
    ("Bogotá necesita más buses en la noche.", "Bogotá, D.C."),
    ("Medellín está lleno de huecos en las vías del centro.", "Medellín"),
    ("Codazzi necesita un puesto de salud abierto los fines de semana, vivo en Codazzi.", "Agustín Codazzi"),
]

AMBIGUOUS_WORDS_NOT_PLACES = [
    "Toca esperar a que respondan, pero ya pasaron veinte días.",
    "me toca madrugar a hacer fila para la cita del niño",
    "Tengo dolores de cabeza fuertes y la EPS no me da la cita con el neurólogo.",
    "Me pararon en el retén de la policía y el agente fue grosero conmigo.",
    "Los patios de la escuela se inundan cada vez que llueve.",
    "La junta une a los vecinos para pedir el arreglo del andén.",
    "Es una honda preocupación para la comunidad la falta de agua.",
    "Hacemos envío a toda Colombia, compre ya con descuento.",
    "El funcionario Suárez me trató mal en la ventanilla.",
    "Atentamente,\nCarlos Andrés Toro Gil",
    "La señora Valencia me dijo que volviera mañana.",
    "Mi apellido es Mosquera y no aparece en el listado del subsidio.",
    "En la ventanilla me atendió la doctora Córdoba y no me dio respuesta.",
    "Pagué en el banco y el recibo no aparece como pagado.",
    "La esperanza de los vecinos es que arreglen el puente pronto.",
    "Fui a la playa con mis hijos y no había salvavidas.",
    "El colegio no ha entregado las notas del segundo periodo.",
    "Me dijeron que el rosario de trámites era obligatorio.",
    "Queremos la unión de las dos juntas de acción comunal.",
    "Pueblo nuevo o viejo, todos pagamos impuestos y nadie arregla la vía.",
    "Ojalá la paz llegue a las veredas con inversión social.",
    "Solicito la copia de la resolución que me negó el subsidio.",
    "Buenas tardes, quiero saber cuándo abren las inscripciones del programa de adulto mayor.",
    "el medidor marca mucho mas de lo que gastamos, q revisen",
    "Doña Margarita y doña Dolores venden tinto frente a la alcaldía y las quieren sacar.",
    "Victoria, mi hija, tiene una discapacidad y necesita transporte escolar.",
    "El señor Pereira no me quiso recibir los documentos.",
    "Los Andes son bonitos pero en mi vereda no hay vías.",
    "La Florida de mis sueños es que arreglen el parque del barrio.",
    "Tengo una moto Honda y me pusieron un comparendo sin razón.",
    "Mi hermano Sebastián Rionegro Patiño necesita la cita.",
    "Sucre, el perro del vecino, ladra toda la noche y no dejan dormir.",
    "Quiero felicitar a la funcionaria Liliana Barbosa por su atención.",
    "Mi hijo estudia en el Colegio San José y le cobran la matrícula.",
    "En el Hospital San Rafael no me atienden sin autorización.",
    "La Universidad de Antioquia me pide un certificado que ustedes expiden.",
    "Compré en Almacenes Colombia y no me respetan la garantía.",
    "En la Caja de Compensación me negaron el subsidio de vivienda.",
]

DISTRACTORS = [
    ("Yo, Ana Ruiz, C.C. 52.345.678 de Bogotá, vivo en Soacha y pido que arreglen la vía.", "Soacha"),
    ("Identificado con cédula de ciudadanía No. 1.020.345 de Medellín, residente en Bello, solicito...", "Bello"),
    ("Cédula expedida en Cali. El hueco está en la calle 5 de Jamundí.", "Jamundí"),
    ("Pagué en el Banco de Bogotá el impuesto de mi casa en Girardot y no aparece.", "Girardot"),
    ("La sucursal del Banco de Bogotá en Tunja cerró la ventanilla de pagos.", "Tunja"),
    ("Soy estudiante de la Universidad de Cartagena pero vivo en Turbaco; pido el subsidio de transporte.",
     "Turbaco"),
    ("Gases de Occidente me cortó el servicio en Yumbo sin aviso.", "Yumbo"),
    ("Nací en Ibagué pero el trámite lo hago aquí en Neiva porque vivo acá.", "Neiva"),
    ("Vivo en el barrio Colombia de Bucaramanga y el alumbrado no funciona.", "Bucaramanga"),
    ("En el barrio Bolívar de Popayán hay un hueco enorme.", "Popayán"),
    ("Vivo en el barrio Girardot de Bucaramanga y no recogen la basura.", "Bucaramanga"),
    ("El trancón en la avenida Boyacá con calle 80 en Bogotá es terrible.", "Bogotá, D.C."),
    ("En la Plaza de Bolívar de Bogotá pusieron vallas sin permiso.", "Bogotá, D.C."),
    ("El Club Deportivo Pereira no es el problema: el estadio de Manizales no tiene baños.", "Manizales"),
    ("Hablé con el doctor Toro en el hospital de Cartago y no me atendió.", "Cartago"),
    ("Me atendió la funcionaria Valencia en la oficina de Palmira.", "Palmira"),
    ("Vivo en Riohacha; la empresa de Cartagena que hace la obra dejó todo abierto.", "Riohacha"),
    ("-----Mensaje original-----\nDe: Alcaldía de Cali\nEnviado: lunes\n\nPasamos su caso a Cali."
     "\n", "Cali"),
    ("Vivo en Tunja.\n\n-----Mensaje original-----\nDe: Gobernación\nLa oficina de Duitama responderá.",
     "Tunja"),
    ("El agente dijo \"eso en Pasto no se hace así\", pero estamos en Ipiales y el comparendo es de aquí.",
     "Ipiales"),
    ("Vivo en Galerías, Bogotá, y el parque no tiene luz.", "Bogotá, D.C."),
    ("Vivo en Kennedy, en Bogotá, y el hospital no tiene camas.", "Bogotá, D.C."),
    ("En la localidad de Ciudad Bolívar, Bogotá, no hay rutas del SITP.", "Bogotá, D.C."),
    ("Soy de la localidad de Santa Fe en Bogotá y pido seguridad en el parque.", "Bogotá, D.C."),
]

MATTER_OVER_WRITER = [
    ("Vivo en Soacha pero el hueco que reporto está en Bogotá, en la calle 13 con carrera 50.", "Bogotá, D.C."),
    ("Señores\nAlcaldía\nEnvigado\n\nEl semáforo de la avenida principal no funciona.\n\nAtentamente,\n"
     "Rosa Gil\nCel. 300 555 1234", "Envigado"),
    ("Buenos días.\nEl puente de la vereda se cayó en Guarne y los niños no pueden ir a la escuela.\n\n"
     "Juan Pérez\nMedellín", "Guarne"),
    ("Soy de Ipiales pero me atendieron mal en el hospital de Pasto.", "Pasto"),
    ("Mi mamá vive en Sincelejo; yo escribo desde Montería. El problema es el subsidio de ella en Sincelejo.",
     "Sincelejo"),
    ("VIVO EN SOLEDAD ATLANTICO Y NO HAY AGUA HACE UNA SEMANA", "Soledad"),
    ("SOY DE PEREIRA Y NO ME HAN DEVUELTO EL DINERO DEL PREDIAL", "Pereira"),
    ("en pereira no pasan los buses despues de las 9", "Pereira"),
    ("Valledupar, 3 de junio de 2026\n\nSeñores Secretaría de Educación:\nSolicito el traslado de mi hija.",
     "Valledupar"),
    ("Sogamoso 15/08/2026\nReclamo por el cobro del alumbrado público.", "Sogamoso"),
    ("Estoy en Leticia y el vuelo de la remisión no sale.", "Leticia"),
    ("Tengo la finca en la vereda El Hato del municipio de La Calera y la vía está cerrada.", "La Calera"),
    ("Somos del corregimiento de Arroyo Grande, en Cartagena, y no tenemos agua.", "Cartagena de Indias"),
    ("La sede de la EPS en Yopal cerró y nos mandan a Aguazul.", "Yopal"),
    ("Atentamente,\nMaría López\nCra 45 # 12-30, Bello\nTel 300 123 4567", "Bello"),
    ("Mi dirección es Calle 5 # 4-3, San Gil, Santander.", "San Gil"),
    ("envigado: el parque del barrio esta lleno de basura", "Envigado"),
    ("Cordial saludo. Soy habitante de la vereda El Tablazo de Rionegro, Antioquia, y la vía está destapada.",
     "Rionegro", "Antioquia"),
    ("> El 5 de mayo, en Cali, se radicó la solicitud.\nSigo esperando en Palmira la respuesta del caso.",
     "Palmira"),
]

DEPARTMENTS_SETTLE = [
    ("Vivo en Barbosa, Santander, y el acueducto no da abasto.", "Barbosa", "Santander"),
    ("Vivo en Barbosa (Antioquia) y el colegio no tiene restaurante.", "Barbosa", "Antioquia"),
    ("El puente de La Unión, Valle, está a punto de caerse.", "La Unión", "Valle del Cauca"),
    ("Les escribo desde La Unión, Nariño, por el servicio de salud.", "La Unión", "Nariño"),
    ("En Rionegro, Antioquia, el aeropuerto genera mucho ruido de noche.", "Rionegro", "Antioquia"),
    ("Soy de Rionegro (Santander) y no hay médico en el puesto de salud.", "Rionegro", "Santander"),
    ("Vivo en Armenia y el agua llega turbia.", "Armenia", "Quindío"),
    ("En Florencia el hospital no tiene especialistas.", "Florencia", "Caquetá"),
    ("En Florencia, Cauca, no llegó el PAE a la escuela.", "Florencia", "Cauca"),
    ("Soy de San Andrés y el agua del acueducto llega salada.", "San Andrés", "Archipiélago"),
    ("Vivo en San Andrés, Santander, y la vía a Málaga está cerrada.", "San Andrés", "Santander"),
    ("Vivo en Toca, Boyacá, y el puesto de salud está cerrado.", "Toca", "Boyacá"),
    ("El municipio de Dolores, en el Tolima, no tiene ambulancia.", "Dolores", "Tolima"),
    ("Llegué al municipio de El Retén y no hay quien atienda en la alcaldía.", "El Retén", "Magdalena"),
    ("Vivo en Los Patios, Norte de Santander, y la basura no la recogen.", "Los Patios", "Norte de Santander"),
    ("En el municipio de Colombia, Huila, no hay señal de celular en la plaza.", "Colombia", "Huila"),
    ("Soy del municipio de Suárez, Cauca, y pedimos una escuela.", "Suárez", "Cauca"),
    ("Vivo en Toro, Valle, y el puente peatonal se cayó.", "Toro", "Valle del Cauca"),
    ("Vivo en Mosquera, Cundinamarca, y los camiones dañaron la vía.", "Mosquera", "Cundinamarca"),
    ("En Córdoba, Quindío, se desbordó la quebrada.", "Córdoba", "Quindío"),
    ("Vivo en Une, Cundinamarca, y la vía a Bogotá está cerrada en el kilómetro 8.", "Une", "Cundinamarca"),
    ("En Honda, Tolima, el calor es fuerte y el acueducto falla.", "Honda", "Tolima"),
    ("Soy de Valencia, Córdoba, y la escuela rural se inundó.", "Valencia", "Córdoba"),
    ("En Bolívar, Cauca, el hospital cerró la sala de partos.", "Bolívar", "Cauca"),
    ("Vivo en Sucre, Santander, y la vía veredal está cerrada.", "Sucre", "Santander"),
    ("Rionegro (Stder), 3 de abril. Pido el arreglo de la escuela.", "Rionegro", "Santander"),
    ("Vivo en Mosquera, Cund., y no hay buses.", "Mosquera", "Cundinamarca"),
    ("La situación se presenta en Sucre, departamento de Sucre.", "Sucre", "Sucre"),
]

NO_PLACE = [
    "Buenas tardes, solicito copia de mi historia clínica.",
    "q documentos piden pa la beca? gracias",
    "Quiero felicitar al funcionario que me atendió ayer, fue muy amable.",
    "Solicito que me expliquen por qué subió tanto el recibo.",
    "Llevo tres semanas esperando respuesta y nadie me contesta.",
    "Hacemos envíos a todo el país, pague contra entrega.",
    "El departamento del Huila tiene muchos problemas de vías.",
    "En Antioquia los peajes son carísimos.",
    "Vivo en Suba y el parque no tiene luz.",
    "En el barrio Kennedy no recogen la basura.",
    "Banco de Bogotá: su clave ha sido bloqueada, ingrese aquí.",
    "Mi cédula es 1.020.345.678 de Bogotá, solicito el certificado de afiliación.",
    "Vivo en Barbosa y no hay agua.",
    "Vivo en Rionegro y el colegio no tiene profesores.",
    "la capital está llena de huecos",
    "Envío a toda Colombia, precios especiales.",
    "Me llamo Jorge Suárez Toro y pido una cita.",
    "Gracias a Dios mi hijo ya está bien, pero el servicio fue malo.",
    "Toca, toca y nadie abre la ventanilla de atención.",
    "Los señores del retén no dejaron pasar la ambulancia.",
    "Me duele la espalda y los dolores no me dejan trabajar.",
    "La Esperanza es el nombre de la fundación que nos ayuda.",
    "Buenas noches, me pueden dar el número de radicado?",
    "EL RECIBO DE LA LUZ LLEGO CARISIMO Y NO HAY QUIEN RESPONDA",
    "Compré en la tienda de la esquina y me vendieron leche vencida.",
    "Solicito información sobre el programa Colombia Mayor.",
    "Sugiero que abran la ventanilla a las 7 de la mañana.",
    "La señal de pare de la esquina se cayó.",
    "Vivo en Colombia desde niña y nunca me habían tratado así.",
    "Vivo en Córdoba y la vía está mala.",
    "Soy de Nariño y estoy de paso por aquí.",
    "Desde siempre pagamos el predial a tiempo.",
    "El motor turbo del bus hace un ruido terrible frente a mi casa.",
    "Necesito un cupo en el Jardín Infantil para mi hija.",
    "Las palmas del parque se están secando y nadie las riega.",
    "Los vecinos de Bello Horizonte pedimos que arreglen la cancha.",
    "El programa Bogotá Cuidadora no me ha llamado.",
    "En Armenia Mantequilla no hay alumbrado.",
]

MISSPELT = [
    ("Vivo en Bucaramnga y el parque está abandonado.", "Bucaramanga"),
    ("Les escribo desde Barranqilla por el recibo de la luz.", "Barranquilla"),
    ("vivo en manizalez y no me llega el recibo", "Manizales"),
    ("Soy vecina de Villavicncio y pido el arreglo de la vía.", "Villavicencio"),
]


@pytest.mark.parametrize("case", COLLOQUIAL, ids=lambda c: c[1])
def test_colloquial_and_accentless_names(gazetteer, case):
    text, name, *department = case
    assert gazetteer.find(text)[0] == code_of(name, *department)


@pytest.mark.parametrize("text", AMBIGUOUS_WORDS_NOT_PLACES)
def test_ordinary_words_surnames_and_brands_are_not_places(gazetteer, text):
    assert gazetteer.find(text) == (None, None, 0.0)


@pytest.mark.parametrize("case", DISTRACTORS, ids=lambda c: c[1])
def test_context_decides_between_places(gazetteer, case):
    text, name = case
    assert gazetteer.find(text)[0] == code_of(name)


@pytest.mark.parametrize("case", MISSPELT, ids=lambda c: c[1])
def test_a_misspelt_name_after_strong_place_words_is_still_found(gazetteer, case):
    text, name = case
    code, _, confidence = gazetteer.find(text)
    assert code == code_of(name) and confidence == 0.5


@pytest.mark.parametrize("case", MATTER_OVER_WRITER, ids=lambda c: c[1])
def test_the_matter_s_place_beats_the_writer_s(gazetteer, case):
    text, name, *department = case
    assert gazetteer.find(text)[0] == code_of(name, *department)


def test_every_curated_alias_resolves_to_its_municipality(gazetteer):
    from pqrlab.enrich.places import curated_aliases

    for alias, code in zip(curated_aliases()["alias"], curated_aliases()["municipality_code"]):
        assert gazetteer.find(f"Les escribo desde {alias}, donde vivo.")[0] == code, alias


@pytest.mark.parametrize("case", DEPARTMENTS_SETTLE, ids=lambda c: f"{c[1]}-{c[2]}")
def test_departments_settle_repeated_and_ambiguous_names(gazetteer, case):
    text, name, department = case
    code, department_code, confidence = gazetteer.find(text)
    assert code == code_of(name, department)
    assert department_code == code[:2] and 0.5 <= confidence <= 0.95


@pytest.mark.parametrize("text", NO_PLACE)
def test_no_usable_place_is_none(gazetteer, text):
    assert gazetteer.find(text)[0] is None


def test_the_baseline_reexports_the_resolver_and_every_enricher_shape_holds(gazetteer):
    assert ReExported is Gazetteer
    code, department, confidence = gazetteer.find("Vivo en Cúcuta.")
    assert (code, department) == ("54001", "54") and isinstance(confidence, float)
    assert gazetteer.find("") == (None, None, 0.0)


def test_the_shipped_word_like_names_are_what_simplemma_gives_today():
    """`pqrlab/data/municipality_words.txt` is regenerated, not edited: it equals a fresh derivation."""
    from pqrlab.enrich.places import spanish_word_names, word_like_names

    fresh = spanish_word_names()
    assert set(fresh) == set(word_like_names())
    assert {"toca", "honda", "une", "dolores", "el reten", "los patios"} <= set(fresh)
    assert "bucaramanga" not in fresh


def test_every_divipola_name_written_plainly_is_found(gazetteer):
    """Each unique, unambiguous official name after "el municipio de" resolves to itself."""
    table = divipola()
    repeated = table["municipality"].map(fold).duplicated(keep=False)
    missed = []
    for code, name in zip(table["municipality_code"][~repeated], table["municipality"][~repeated]):
        if gazetteer.find(f"Solicito ayuda para el municipio de {name}.")[0] != code:
            missed.append(name)
    assert not missed, missed


@pytest.mark.parametrize("text, code", [
    ("Cúcuta - N.  de Santander", "54001"),
    ("vivo en  San   José de  Cúcuta", "54001"),
    ("en Santa Rosa  de Cabal,   Risaralda", "66682"),
    ("Barbosa\t Santander", "68077"),
])
def test_runs_of_spaces_inside_names_are_one_space(text, code):
    """A name or department written with several spaces (or a tab) is still found, never a KeyError."""
    assert Gazetteer().find(text)[0] == code  # noqa: the gazetteer fixture is module-scoped elsewhere


# -- written for the second round of issue 16 (none from the hand-written set) ------------------------------
ROADS_AND_EDGES = [  # a road's ends do not place the matter; "a la salida / altura / entrada de" does
    ("Trabajo en la vía a Girardot, pero el hueco está a la salida de Fusagasugá.", "Fusagasugá"),
    ("Hay un derrumbe en la vía de Zipaquirá a Ubaté, a la altura de Sutatausa.", "Sutatausa"),
    ("El bus de la ruta Bogotá - Tunja no para en Chocontá y nos deja tirados.", "Chocontá"),
    ("La carretera a Honda está bien; el problema es el puente en Guaduas.", "Guaduas"),
    ("Sobre la troncal hacia Santa Marta, en Ciénaga, no hay alumbrado.", "Ciénaga"),
    ("A la entrada de Pitalito el semáforo lleva dañado un mes.", "Pitalito"),
    ("En las afueras de Tuluá botan escombros al río.", "Tuluá"),
    ("la carretera de sogamoso al lago esta llena de huecos", "Sogamoso"),  # a road's end when alone
    ("El camino a Villa de Leyva se volvió un lodazal.", "Villa de Leyva"),
]

IDENTITY_PAPERS = [  # where a document was issued is not where the matter happens
    ("Mi cédula la expidieron en Cali, pero pago el predial en Yumbo.", "Yumbo"),
    ("C.C. 1.098.765.432 de Bucaramanga\nResido en Floridablanca y la quebrada se desbordó.", "Floridablanca"),
    ("Tengo cédula de Barranquilla y vivo en Malambo, donde no hay agua.", "Malambo"),
    ("Mi documento fue expedido en Neiva; hoy vivo en Garzón y pido el traslado de la EPS.", "Garzón"),
    ("Documento de identidad expedido en Tunja. Solicito el arreglo del andén en Paipa.", "Paipa"),
]

ARTICLE_NAMES = [  # article-led names written inside a sentence with a lower-case article
    ("En el Carmen de Viboral la vía a la vereda está cerrada.", "El Carmen de Viboral"),
    ("Vivo en la Estrella y el bus no sube al barrio.", "La Estrella"),
    ("Mi finca queda en el Santuario, Antioquia, y la vía se cayó.", "El Santuario"),
    ("Soy del Líbano, Tolima, y la vía está cerrada.", "Líbano"),
    ("mi abuela vive en el Banco Magdalena y no le llega la pension", "El Banco"),
]

MORE_COLLOQUIAL = [  # without accents, in capitals, abbreviated, with the department glued on
    ("soy de santa marta y el agua llega cada 3 dias", "Santa Marta"),
    ("q pena molestar pero en tunja no han recogido la basura", "Tunja"),
    ("en bquilla se fue la luz toda la noche", "Barranquilla"),
    ("en la dorada caldas no hay agua", "La Dorada"),
    ("EN CARTAGO VALLE NO HAY AGUA", "Cartago"),
    ("VIVO EN MANIZALES CALDAS Y NO ME RESPONDEN", "Manizales"),
    ("en fusagasuga no hay transporte nocturno", "Fusagasugá"),
    ("las calles de zipaquira estan llenas de huecos", "Zipaquirá"),
    ("Tengo un problema con el SISBEN en Facatativa.", "Facatativá"),
    ("Soy madre cabeza de hogar en Tumaco, Nariño.", "San Andrés de Tumaco"),
    ("Mi papá vive en San Vicente del Caguán y la EPS no lo atiende.", "San Vicente del Caguán"),
    ("El río Cauca se desbordó en Caucasia y nadie ayuda.", "Caucasia"),
    ("Soy de Cienaga y la vía al puerto está destruida.", "Ciénaga"),
]

MORE_DEPARTMENTS = [
    ("vivo en la union valle y no hay agua", "La Unión", "Valle del Cauca"),
    ("soy de rionegro antioquia, el hospital no atiende", "Rionegro", "Antioquia"),
    ("Vivo en Armenia, Antioquia, y no hay médico.", "Armenia", "Antioquia"),
    ("En Mosquera (Nariño) el río se llevó el puente.", "Mosquera", "Nariño"),
    ("Soy de Granada Meta y necesito una cita.", "Granada", "Meta"),
    ("Vivo en Granada, Antioquia. La vía está mala.", "Granada", "Antioquia"),
    ("Vivo en Villanueva (Casanare) y el colegio se inundó.", "Villanueva", "Casanare"),
    ("En Guadalupe, Huila, la escuela no tiene agua.", "Guadalupe", "Huila"),
    ("Residente del municipio de Sabanalarga (Atlántico): no hay alumbrado.", "Sabanalarga", "Atlántico"),
    ("El hueco en Caldas, Antioquia, lleva meses.", "Caldas", "Antioquia"),
]

MORE_DISTRACTORS = [  # people, streets, brands and teams named like towns beside the real place
    ("La doctora Mariquita Pérez me atendió mal en la clínica de Ibagué.", "Ibagué"),
    ("Mi vecino, el señor Girardot, tiró escombros en el lote; vivimos en Melgar.", "Melgar"),
    ("Soy de Palmira. El señor Cali, de la oficina, me dijo que volviera.", "Palmira"),
    ("Mi nombre es Luisa Montería y vivo en Lorica.", "Lorica"),
    ("Vivo en el barrio Manizales de Pereira y no pasa el bus.", "Pereira"),
    ("La calle Girardot de Ibagué está en obras hace un año.", "Ibagué"),
    ("En la avenida Ciudad de Quito con calle 80, en Bogotá, el semáforo no sirve.", "Bogotá, D.C."),
    ("Pagué en Bancolombia y en el Banco de Occidente, pero en Tuluá no me reciben.", "Tuluá"),
    ("Soy cliente de Gases del Caribe en Soledad y el gas llega sin presión.", "Soledad"),
    ("Los del Atlético Bucaramanga dañaron el parque de Piedecuesta.", "Piedecuesta"),
    ("Estudio en la Universidad de Pamplona, pero vivo en Cúcuta y el agua está cortada.", "San José de Cúcuta"),
    ("Vivo en Cali y trabajo en Jamundí; el hueco de mi cuadra en Cali sigue igual.", "Cali"),
]

MORE_NO_PLACE = [
    "Mi cédula es de Medellín y necesito el certificado.",
    "Pagué en el Banco de Bogotá y no aparece el pago.",
    "Trabajo en la Cámara de Comercio de Cali y necesito una constancia.",
    "Pagué en el Banco y el recibo no aparece.",
    "Mi vecina Soledad tira la basura en la calle.",
    "La señora Pamplona me gritó en la ventanilla.",
    "Lo hice con mucha paciencia y esperanza.",
    "La victoria es de todos cuando funciona el servicio.",
    "Vivo en el departamento de Caldas y no hay vías.",
    "En Cundinamarca el peaje es muy caro.",
    "El Banco Popular me cobró una cuota de manejo.",
    "Mi primo Córdoba vive en otra ciudad.",
    "El partido de Millonarios dejó basura en la calle.",
    "Tengo dolores en el pecho y no me dan cita.",
    "Nos toca pagar otra vez el recibo.",
    "Somos de la Asociación Colombia Sana y pedimos una reunión.",
    "Hola buenas, el pedido llegó incompleto; envíos a todo el país.",
    "Atentamente,\nMaría Fernanda Florencia Ruiz",
]


@pytest.mark.parametrize("case", ROADS_AND_EDGES + IDENTITY_PAPERS + ARTICLE_NAMES + MORE_COLLOQUIAL
                         + MORE_DISTRACTORS, ids=lambda c: c[1])
def test_more_places_people_write(gazetteer, case):
    text, name = case
    assert gazetteer.find(text)[0] == code_of(name)


@pytest.mark.parametrize("case", MORE_DEPARTMENTS, ids=lambda c: f"{c[1]}-{c[2]}")
def test_more_departments_settle_repeated_names(gazetteer, case):
    text, name, department = case
    assert gazetteer.find(text)[0] == code_of(name, department)


@pytest.mark.parametrize("text", MORE_NO_PLACE)
def test_more_texts_that_name_no_usable_place(gazetteer, text):
    assert gazetteer.find(text)[0] is None


def test_a_road_s_end_weighs_less_than_any_other_place(gazetteer):
    """Alone, a road's end is the best guess; beside a place named any other way it loses."""
    assert gazetteer.find("La vía a Girardot está llena de huecos.")[0] == code_of("Girardot")
    assert gazetteer.find("Vivo en Tocaima y la vía a Girardot está llena de huecos.")[0] == code_of("Tocaima")


@pytest.mark.parametrize("subject, body, name", [
    ("Hueco en Sogamoso", "El hueco de la esquina ya se tragó una moto. Que lo tapen.", "Sogamoso"),
    ("Reclamo - Tuluá", "Me cobraron el alumbrado dos veces.", "Tuluá"),
    ("Agua", "Vivo en Neiva y no hay agua desde el martes.", "Neiva"),
    ("Queja Bogotá", "Vivo en Soacha y el bus no para en mi barrio.", "Soacha"),  # the body wins
    ("Solicitud", "Solicito copia de mi historia clínica.", None),
    (None, "Vivo en Pasto.", "Pasto"),
    (float("nan"), "Vivo en Pasto.", "Pasto"),
    (float("nan"), None, None),
])
def test_place_of_reads_the_body_then_the_subject(gazetteer, subject, body, name):
    code, department = gazetteer.place_of(subject, body)
    assert code == (code_of(name) if name else None) and department == (code[:2] if code else None)


def test_the_keyword_rules_place_a_message_whatever_its_type():
    """A real request under an out-of-office footer reads as non-PQRS to the rules, yet keeps its place;
    every row's place is the resolver's, PQRS or not (docs/places.md, "Independent of the type")."""
    from pqrlab.enrich.baseline import KeywordBaseline

    rules = KeywordBaseline()
    subjects = ["Sin agua", "Fuera de la oficina", "Boletín", "Hueco"]
    bodies = ["Vivo en Chiquinquirá y no hay agua hace cinco días; mi papá usa oxígeno.\n\n"
              "Estoy fuera de la oficina hasta el lunes.",
              "Estoy fuera de la oficina hasta el 3 de agosto.",
              "Boletín de la Gobernación: en Yopal abrimos inscripciones. Suscríbase.",
              "Vivo en Duitama y el hueco sigue ahí."]
    out = rules.predict(subjects, bodies)
    out = out.astype(object).where(out.notna(), None)
    expected = [rules.gazetteer.place_of(s, b) for s, b in zip(subjects, bodies)]
    assert out["is_pqrs"].tolist() == [False, False, False, True]
    assert list(zip(out["municipality_code"], out["department_code"])) == expected
    assert out["municipality_code"].tolist() == [code_of("Chiquinquirá"), None, code_of("Yopal"), code_of("Duitama")]


@pytest.mark.parametrize("text, name", [
    # "(que es) donde pasa esto" after a name makes it the matter's place
    ("Estudio en Tunja, pero mi familia vive en Paipa, que es donde pasa esto: no hay agua.", "Paipa"),
    ("Me mudé a Cali hace un año; en Buga es donde ocurre el problema del predial.", "Guadalajara de Buga"),
    ("Trabajo en Neiva pero mi lote está en Rivera, allí es donde está el problema.", "Rivera"),
    # a line shouted in capitals above a signature in normal case: its capitals say nothing
    ("EL AGUA LLEGA TURBIA. VIVO EN PEREIRA HACE VEINTE AÑOS\n\nMarta Gómez", "Pereira"),
    ("NECESITO LA CITA YA, VIVO EN CARTAGO VALLE\nAtentamente,\nJulián Ríos", "Cartago"),
    # a town followed by its department is not a surname
    ("Soy residente de Montería Córdoba y el colegio no tiene agua.", "Montería"),
    ("Me atendieron mal en la oficina de Pitalito Huila.", "Pitalito"),
])
def test_the_matter_after_a_name_shouted_lines_and_towns_beside_their_department(gazetteer, text, name):
    assert gazetteer.find(text)[0] == code_of(name)


@pytest.mark.parametrize("text", [
    "LA SEÑORA PEREIRA DE LA VENTANILLA ME GRITÓ\n\nAtentamente, Ana Gil",
    "ME ATENDIO EL SEÑOR TORO Y NO ME RECIBIO LOS PAPELES\nGracias",
])
def test_a_shouted_line_still_knows_people_from_towns(gazetteer, text):
    assert gazetteer.find(text)[0] is None


@pytest.mark.parametrize("text, name", [
    # "el problema es en X" names the matter's place over where the writer lives
    ("aunque vivo en tunja, el problema es en duitama: no recogen la basura", "Duitama"),
    ("Vivo en Montería pero el caso ocurre en Cereté, en la escuela de mi hijo.", "Cereté"),
    # "una vereda / un sector / un barrio de X" places the matter in X
    ("Vivo en una vereda de Nobsa, Boyacá, y la vía se cayó.", "Nobsa"),
    ("Tengo un lote en un sector de Sopó y no llega el agua.", "Sopó"),
    # a department written like a municipality of the same name, right after its town, is the department
    ("Les escribo desde Tolú (Sucre) porque la playa está llena de basura.", "Santiago de Tolú"),
    ("Soy de Chinavita, Boyacá. Pido una ambulancia para el puesto de salud.", "Chinavita"),
    ("Vivo en Sahagún - Córdoba y el hospital no tiene médicos.", "Sahagún"),
])
def test_the_problem_s_place_veredas_and_a_town_s_department(gazetteer, text, name):
    assert gazetteer.find(text)[0] == code_of(name)


def test_a_municipality_named_like_its_department_still_counts_alone(gazetteer):
    assert gazetteer.find("Vivo en el municipio de Boyacá, Boyacá, y no hay médico.")[0] == code_of("Boyacá", "Boyacá")
    assert gazetteer.find("El puente del municipio de Córdoba, Quindío, se cayó.")[0] == code_of("Córdoba", "Quindío")


@pytest.mark.parametrize("text, name, department", [
    ("Vivo en Sta. Marta y el agua llega cada tres días.", "Santa Marta", None),
    ("vivo en sta marta y no hay luz", "Santa Marta", None),
    ("Soy de Sto. Domingo, Antioquia, y la vía está cerrada.", "Santo Domingo", "Antioquia"),
    ("El puerto fluvial de Pto Boyacá está abandonado; vivo en Pto Boyacá.", "Puerto Boyacá", None),
    ("Vivo en Pto. Asís y no llega el subsidio.", "Puerto Asís", None),
    ("vivo en pto lopez meta y el colegio no abre", "Puerto López", None),
    ("Les escribo desde Sn Gil por el cobro del acueducto.", "San Gil", None),
    ("En Stgo. de Tolú no recogen la basura.", "Santiago de Tolú", None),
])
def test_a_name_with_its_first_word_shortened(gazetteer, text, name, department):
    """Sta., Sto., Stgo., Pto., Gral., Sn: derived from every DIVIPOLA name, as sure as the full name."""
    assert gazetteer.find(text)[0] == code_of(name, department)


@pytest.mark.parametrize("text", ["La Sta. Bárbara de la capilla necesita pintura.", "Vivo en Sta Rosa."])
def test_a_shortened_name_stays_as_ambiguous_as_the_full_one(gazetteer, text):
    assert gazetteer.find(text)[0] is None  # a saint's image; a name held by several municipalities


def test_the_resolver_s_report_scores_each_slice_and_a_generated_run(capsys):
    from pqrlab.enrich.places import main

    assert main(["--repeat", "1", "--generated-events", "300"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[:4]] == ["main", "edge", "dev", "seed2"]
    assert all("municipality exact" in line and "none" in line for line in lines[:4])
    assert lines[4].startswith("speed: ")
