"""Word lists the name recogniser reads: Colombian given names and surnames, name particles, common
Spanish and PQRS words that are never names, and place names (DIVIPOLA) that look like names.

Every entry is folded with `fold` (lower case, no accents) so that "MARÍA", "maria" and "María" meet.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

_ACCENTS = str.maketrans("áéíóúüàèìòùâêîôûäëïö", "aeiouuaeiouaeiouaeio")


def fold(text: str) -> str:
    """Lower case without accents, same length as `text` (ñ is kept: "Peña" is not "Pena")."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer (İ): fold one by one
        lowered = "".join(c.lower()[:1] or c for c in text)
    return lowered.translate(_ACCENTS)


def strip_marks(text: str) -> str:
    """Accent-free form of `text` (NFD without combining marks), for word lists only."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# Particles inside Spanish names: "María de la Cruz", "Ocampo de Pérez", "Del Castillo", and the widow's
# "Henao viuda de Arango" / "Henao Vda. de Arango".
PARTICLES = frozenset({"de", "del", "la", "las", "los", "da", "di", "van", "von", "mc", "viuda", "vda"})

# Words after which a person's name names a place or an institution instead ("Colegio Antonio Nariño",
# "Parque Simón Bolívar", "Hospital San Juan de Dios", "Juzgado Segundo Civil").
NAMED_AFTER = frozenset("""san santa santo colegio escuela institucion universidad hospital clinica centro parque
plaza avenida av calle carrera barrio urbanizacion conjunto edificio fundacion corporacion juzgado tribunal
estadio coliseo biblioteca teatro museo puente via aeropuerto terminal estacion portal localidad sede
""".split())

# Common Colombian given names and surnames that Faker's es_CO lists lack.
EXTRA_FIRST = """yuliana yuli yuly yulieth yurani yenny yeny leidy lady jhon jhonny jhonatan brayan bryan
yeison jeison stiven estiven kevin dary yamile yamileth deisy daisy nataly natalia karen kelly yesica jessica
wilson wilmer edwin fredy freddy jairo arley didier duvan yefferson jefferson alexis geraldine marleny
nubia luz marina amparo fanny gladys ruby ruth hernando gustavo rubiela dora aura ligia olga nelly mireya
maryory yolima yolanda edilma libia dagoberto nelson fabio alirio orlando jaime alba stella esperanza
florencia soledad belén trinidad guadalupe
""".split()
EXTRA_LAST = """ocampo cardona zuluaga arango restrepo henao gaviria echeverri villegas betancur betancourt
londono londoño montoya agudelo uribe mejia mejía velasquez velásquez bedoya patino patiño cuartas
quiceno marin marín zapata alzate hoyos tabares galeano escobar ospina posada tamayo duque buitrago
cifuentes barrera bustamante mosquera palacios cuesta rentería renteria asprilla valoyes perea
caicedo angulo cortes cortés hurtado riascos ibarguen ibargüen torres cruz vega leon león santamaria
pereira toledo marulanda
""".split()

# Words that start sentences, greet, sign off, name offices or topics: capitalised, they are still not names.
COMMON = frozenset(fold(w) for w in """
a al algo alguien algun alguna alguno algunos ante antes aqui asi aun aunque bajo bien buen buena buenas
bueno buenos cada casi cerca como con contra cual cuando cuanto de debe deben debido del desde donde dos
durante e el ella ellas ello ellos en entre era es esa ese eso esta estan este esto estos estas fue fueron
gracias ha hace hacer han hasta hay he hola hoy igual la las le les lo los luego mas me mi mis mismo mucho
muy nada ni no nos nosotros nuestra nuestro nunca o otra otro para pero poco por porque pues que quien
se segun sea ser si sin sino sobre solo son su sus tal tambien tan tanto te tengo tiene tienen todo todos
toda todas tras tu tus un una uno unos unas usted ustedes va vamos y ya yo ayer mañana tarde noche dia dias
atentamente cordialmente cordial saludo saludos respetuosamente sinceramente gracias agradezco favor
señor señora señores señoras señorita sr sra srta dr dra doctor doctora ingeniero ingeniera don doña
estimado estimada estimados estimadas apreciado apreciada apreciados respetado respetada respetados
querido querida buenas buenos dias tardes noches cordial asunto referencia ref radicado radicada radicacion
peticion derecho queja reclamo sugerencia denuncia solicitud respuesta urgente importante caso tramite
alcaldia alcalde gobernacion gobernador secretaria secretario despacho oficina ventanilla unica atencion
ciudadano ciudadana ciudadanos usuario usuaria entidad municipal municipio departamento departamental
distrital nacional publica publico servicio servicios salud educacion movilidad transito hacienda
planeacion ambiente gobierno desarrollo social obras infraestructura cultura deporte deportes vivienda
personeria contraloria procuraduria defensoria pueblo fiscalia policia juzgado tribunal corte
superintendencia ministerio instituto agencia unidad direccion subdireccion coordinacion grupo area
calle carrera avenida diagonal transversal barrio vereda conjunto edificio torre bloque apartamento casa
manzana lote piso local sur norte este oeste kra cra cl cll av ak ac dg tv mz apto
eps ips sisben icbf dian sena colpensiones sura sanitas compensar famisanar coomeva nueva emcali epm enel
codensa vanti gases acueducto alcantarillado aseo energia agua gas luz internet transmilenio metro sitp
ley decreto resolucion articulo constitucion codigo acuerdo circular sentencia tutela
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
lunes martes miercoles jueves viernes sabado domingo semana mes año
colombia republica santa san
cc nit tel cel celular telefono movil whatsapp correo email direccion nombre cedula firma documento
identificado identificada identificacion mayor edad vecino vecina residente habitante madre padre hijo
hija esposo esposa hermano hermana abuelo abuela familia cabeza hogar adulto menor niño niña persona
quiero solicito pido necesito requiero exijo espero reitero informo manifiesto presento denuncio
adjunto anexo envio escribo agradeceria agradezco quedo atento atenta pendiente pronta respuesta
mensaje reenviado original enviado fecha hora de para cc cco re rv fw fwd
por medio presente mediante cual siguiente siguientes hechos pretensiones fundamentos anexos pruebas
no si ok bueno listo vale hola buenas buen dia tarde porfa porfavor xfa plis urgente ayuda
primero segundo tercero cuarto quinto ultimo hecho pretension
""".split())


# Bogotá's localities: several are people's names ("Antonio Nariño", "Rafael Uribe Uribe").
BOGOTA_LOCALITIES = ("Usaquén", "Chapinero", "Santa Fe", "San Cristóbal", "Usme", "Tunjuelito", "Bosa", "Kennedy",
                     "Fontibón", "Engativá", "Suba", "Barrios Unidos", "Teusaquillo", "Los Mártires", "Antonio Nariño",
                     "Puente Aranda", "La Candelaria", "Rafael Uribe Uribe", "Ciudad Bolívar", "Sumapaz")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Folded given names: Faker's es_CO lists plus EXTRA_FIRST."""
    from faker.providers.person.es_CO import Provider

    names = [*Provider.first_names_male, *Provider.first_names_female, *EXTRA_FIRST]
    return frozenset(fold(w) for n in names for w in n.split()) - PARTICLES


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Folded surnames: Faker's es_CO list plus EXTRA_LAST."""
    from faker.providers.person.es_CO import Provider

    return frozenset(fold(w) for n in [*Provider.last_names, *EXTRA_LAST] for w in n.split()) - PARTICLES


@lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    """Given names and surnames together."""
    return given_names() | surnames()


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Folded names of every municipality and department (DIVIPOLA), whole ("santa rosa de cabal")."""
    from pqrlab.channel.places import divipola

    table = divipola()
    names = set(table["municipality"]) | set(table["department"]) | set(BOGOTA_LOCALITIES) | {
        "Bogotá", "Don Matías", "Cartagena de Indias", "San Andrés", "Santa Fe de Bogotá"}
    return frozenset(fold(n.split(",")[0]).strip() for n in names)


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Folded single words of place names that are not also names of people ("medellin", "cundinamarca")."""
    words = {w for n in place_names() for w in n.replace("-", " ").split()}
    return frozenset(words - given_names() - surnames() - PARTICLES)


@lru_cache(maxsize=1)
def place_prefixes() -> frozenset[str]:
    """Folded word prefixes of place names of two or more words ("santa", "santa rosa", "santa rosa de")."""
    return frozenset(" ".join(n.split()[:k]) for n in place_names() if " " in n for k in range(1, len(n.split())))
