"""The situation cue families of the priority rule (guide §4) and their use by the trained priority head.

The wordings below are written for this test (none comes from the generator or the hand-written set): each
family must fire on several independent ways of saying its situation and stay silent on ordinary mail.
"""
from __future__ import annotations

import numpy as np
import pytest

from pqrlab.enrich import models
from pqrlab.enrich.situation import FEATURE_NAMES, cue_reason, situation_cues, situation_features
from pqrlab.enrich.train import labelled_examples

FIRES = {
    "condicion_salud": ("Mi suegra se conecta a la máquina de OXIGENO toda la noche.", "el niño es diabetico tipo 1",
                        "a mi hermano le dan convulsiones", "salió de la UCI la semana pasada",
                        "mi esposo tiene cancer de colon", "se hace la dialisis los martes"),
    "peligro": ("el barranco se esta viniendo encima de las casas", "hay un olor a gas muy fuerte en el edificio",
                "la loma se desliza con cada aguacero", "el cable quedó colgando sobre la calle",
                "ya van seis casos de dengue en la manzana", "se incendió el basurero del lote"),
    "violencia": ("Me llegó un panfleto debajo de la puerta", "unos tipos nos amenazaron con quemarnos la casa",
                  "nos cobran vacuna para dejarnos trabajar", "mi padrastro le pega a mi mamá"),
    "menor": ("la niña de 7 años no tiene cupo", "los alumnos de quinto no tienen salón", "mi bebé tiene fiebre",
              "los ninos de la vereda caminan dos horas"),
    "adulto_mayor": ("Tengo 83 años y vivo sola", "mi abuelita no puede hacer filas", "soy de la tercera edad",
                     "el señor, un anciano, quedó en la calle", "mi padre de 70 años"),
    "discapacidad": ("mi hijo es autista", "ella usa silla de ruedas", "mi papá quedó ciego", "soy sordomudo",
                     "mi tía está postrada en cama"),
    "embarazo": ("estoy en embarazo de siete meses", "mi hija va a dar a luz", "a las gestantes no les hacen control"),
    "tutela": ("si no me contestan interpondre tutela", "ya radicamos incidente de desacato", "acudiré a la acción de TUTELA"),
    "plazo_legal": ("la audiencia es el jueves", "el embargo de la cuenta se hace efectivo", "el plazo vence mañana",
                    "el remate del apartamento está programado"),
    "dano_actual": ("llevamos tres semanas sin agua", "no le han pagado el subsidio", "la señora de la taquilla me gritó",
                    "al niño le negaron la matrícula", "los muchachos están aguantando hambre"),
}
SILENT = ("Buenos días, quisiera saber el horario de atención de la biblioteca municipal.",
          "Les propongo que pongan más canecas en el parque central.",
          "Solicito copia del paz y salvo del impuesto de industria y comercio.")


@pytest.mark.parametrize("family", sorted(FIRES))
def test_each_family_fires_on_varied_wordings(family):
    for text in FIRES[family]:
        assert situation_cues(text)[family], (family, text)


def test_ordinary_requests_show_no_situation():
    for text in SILENT:
        found = situation_cues(text)
        assert not any(found[name] for name in ("condicion_salud", "peligro", "violencia", "menor", "adulto_mayor",
                                                "discapacidad", "embarazo", "tutela", "plazo_legal")), text
        assert cue_reason(text) == ""


def test_ages_under_sixty_are_not_older_adults():
    assert not situation_cues("tengo 45 años y trabajo en el centro")["adulto_mayor"]
    assert situation_cues("tengo 61 años y trabajo en el centro")["adulto_mayor"]


def test_pairs_tell_an_affected_protected_person_from_a_mention():
    affected = situation_cues("Mi mamá de 88 años lleva cinco días sin luz")
    mentioned = situation_cues("Soy adulto mayor y les sugiero poner más bancas en el parque")
    assert affected["protegido+dano_actual"] and not affected["protegido+sugerencia_consulta"]
    assert mentioned["protegido+sugerencia_consulta"] and not mentioned["protegido+dano_actual"]


def test_features_are_a_sparse_row_per_text_scaled_by_the_weight():
    matrix = situation_features(["la audiencia es mañana", "hola"], weight=0.5)
    assert matrix.shape == (2, len(FEATURE_NAMES))
    assert matrix[0, FEATURE_NAMES.index("plazo_legal")] == 0.5 and matrix[1].sum() == 0


def test_the_ensemble_priority_head_reads_the_situation_features():
    examples = labelled_examples(seed=5, events=1200, days=5)
    enricher = models.TrainedEnricher.train("tfidf-ensemble", "0.0.1", examples, seed=0)
    assert enricher.situation_weight > 0
    width = enricher.heads["pqrs_label"].svm.coef_.shape[1]
    assert enricher.heads["priority"].svm.coef_.shape[1] == width + len(FEATURE_NAMES)
    labels, confidence = enricher.predict_labels(["si no responden interpondré acción de tutela por el agua"])["priority"]
    assert labels[0] in ("alta", "media", "baja") and 0 < confidence[0] <= 1
    assert np.isfinite(enricher.probabilities(["hola"])["priority"]).all()


def test_priority_follows_the_type_the_rule_allows():
    from pqrlab.channel.priority import priorities_for_type

    assert priorities_for_type("queja") == priorities_for_type("reclamo") == {"alta", "media"}
    assert priorities_for_type("sugerencia") == {"baja"}  # nothing suffered: a risk would make it a petition or a reclamo
    assert priorities_for_type("peticion") == {"alta", "media", "baja"}
    priority_classes = np.array(["alta", "baja", "media"])
    label_classes = np.array(["no_pqrs", "peticion/general", "queja/general", "sugerencia/general"])
    priority = np.array([[0.2, 0.5, 0.3]] * 4)
    label = np.eye(4)  # each row sure of one label
    out = models.type_consistent(priority, priority_classes, label, label_classes)
    assert np.allclose(out[0], priority[0]) and np.allclose(out[1], priority[1])  # no PQRS / petición: unchanged
    assert out[2, 1] == 0 and priority_classes[out[2].argmax()] == "media"  # a queja is never baja
    assert out[3, 2] == 0 and priority_classes[out[3].argmax()] == "baja"  # a sugerencia never media
    assert np.allclose(out.sum(1), 1)


def test_a_petition_is_media_only_with_a_consequence_pending():
    from pqrlab.enrich.situation import pending_cue

    assert pending_cue("Necesito el certificado porque sin ese papel no me desembolsan el crédito del banco")
    assert pending_cue("Esta es la tercera vez que escribo por lo mismo")
    assert not pending_cue("Quisiera saber cuáles son los requisitos para el carné")
    for text in ("En la embajada me exigen el registro civil apostillado", "Por eso la notaría no me ha dejado firmar",
                 "El fondo me suspendió el trámite de la cesantía", "La empresa me retiene la liquidación",
                 "En el aeropuerto me lo van a exigir y el vuelo ya tiene fecha", "Si no llega, toca aplazar la escritura",
                 "Hace un mes escribí y nadie me ha contestado"):
        assert pending_cue(text), text  # the generator's and people's ways of saying something depends on it
    for text in ("Me pidieron la fotocopia para actualizar datos, sin afán", "Quiero tener el certificado por si acaso",
                 "¿Qué documentos exige la entidad para el permiso?"):
        assert not pending_cue(text), text
    priority_classes, label_classes = ["alta", "baja", "media"], ["peticion/general", "reclamo/general"]
    priority, label = np.array([[0.1, 0.4, 0.5], [0.1, 0.4, 0.5]]), np.array([[1.0, 0.0], [0.0, 1.0]])
    damped = models.type_consistent(priority, priority_classes, label, label_classes, pending=[False, False])
    kept = models.type_consistent(priority, priority_classes, label, label_classes, pending=[True, True])
    assert damped[0].argmax() == 1 and kept[0].argmax() == 2  # the petition: baja unless something is pending
    assert damped[1].argmax() == kept[1].argmax() == 2  # a reclamo's media does not depend on it


RISK_TEXTS = [  # a risk to life or health, a tutela, a deadline: alta whoever writes and whatever is asked
    "El muro de contención se está cayendo encima de las casas",
    "Mi papá depende de un concentrador de oxígeno",
    "Si no me contestan interpongo acción de tutela",
    "La audiencia es el próximo martes y necesito el documento",
    "Nos llegó un panfleto con amenazas de muerte",
    "le suspendieron la quimioterapia a mi tía",
    "el plazo para presentar el recurso vence el viernes",
]
MENTION_TEXTS = [  # a protected person named, nothing suffered: no situation that raises a petition or suggestion
    "Tengo 83 años y quisiera una copia del certificado de tradición",
    "Soy usuario de silla de ruedas y sugiero más rampas en el estadio",
    "Mi hijo de 7 años estudia en el colegio y quiero saber los horarios de la biblioteca",
    "Soy madre gestante y pregunto por los requisitos del subsidio",
    "Les escribe una señora de la tercera edad para pedir información del programa",
]


def test_only_a_risk_a_tutela_or_a_deadline_raises_what_no_one_suffers():
    from pqrlab.enrich.situation import risk_cue

    assert all(risk_cue(t) for t in RISK_TEXTS), [t for t in RISK_TEXTS if not risk_cue(t)]
    assert not any(risk_cue(t) for t in MENTION_TEXTS), [t for t in MENTION_TEXTS if risk_cue(t)]
    priority_classes = ["alta", "baja", "media"]
    label_classes = ["peticion/general", "queja/general", "reclamo/general", "sugerencia/general"]
    priority, label = np.array([[0.5, 0.3, 0.2]] * 4), np.eye(4)
    damped = models.type_consistent(priority, priority_classes, label, label_classes, risk=[False] * 4)
    kept = models.type_consistent(priority, priority_classes, label, label_classes, risk=[True] * 4)
    assert [priority_classes[i] for i in damped.argmax(1)] == ["baja", "alta", "alta", "baja"]
    # the cue keeps a petition's alta; a suggestion stays baja (a risk would make it a petition or a reclamo)
    assert [priority_classes[i] for i in kept.argmax(1)] == ["alta", "alta", "alta", "baja"]
    assert np.allclose(damped.sum(1), 1)


# Words that name a situation only in one of their senses: the other sense must not raise priority.
NOT_A_SITUATION = {
    "peligro": ("El poste está torcido pero no representa peligro para nadie.", "Por fortuna nada grave, solo el susto.",
                "la bodega está bien cerrada y sin riesgo para los vecinos", "el choque fue leve, no hubo heridos"),
    "violencia": ("Cobrar eso me parece un abuso.", "es un abuso lo que cobran por la fotocopia",
                  "¿no les parece abusivo ese recargo?"),
    "adulto_mayor": ("cambien esa tubería vieja del acueducto", "me dijo vieja chismosa delante de todos",
                     "el viejo puente peatonal necesita pintura"),
    "atencion_interrumpida": ("adjunto el formulario diligenciado", "formulamos la siguiente petición",
                              "el formulario único de trámites no carga"),
    "plazo_legal": ("me pararon porque la revisión técnico-mecánica estaba vencida", "el plazo del contrato es de ocho meses",
                    "que la respuesta llegue dentro del término legal", "¿cuál es el plazo para pedir la devolución?",
                    "me presenté a la convocatoria de estímulos del año pasado"),
}
NOW_A_SITUATION = {
    "peligro": ("la carretera se hundió con el aguacero", "hay un hundimiento en la mitad de la vía",
                "no hay paso y el barranco es un peligro"),
    "violencia": ("abusaron de la niña en el bus escolar", "denuncio un caso de abuso sexual en la vereda"),
    "plazo_legal": ("la inscripción cierra mañana y si no la hago pierdo el semestre",
                    "el término para responder ya se venció", "el plazo de la conciliación se vence el lunes",
                    "las matrículas se cierran hoy a mediodía", "la convocatoria del concurso cierra el viernes"),
    "dano_actual": ("al señor lo sacaron a empujones", "el celador empujó a mi mamá"),
}


@pytest.mark.parametrize("family", sorted(NOT_A_SITUATION))
def test_a_cue_word_in_its_other_sense_is_no_situation(family):
    for text in NOT_A_SITUATION[family]:
        assert not situation_cues(text)[family], (family, text)


@pytest.mark.parametrize("family", sorted(NOW_A_SITUATION))
def test_the_situation_sense_still_fires(family):
    for text in NOW_A_SITUATION[family]:
        assert situation_cues(text)[family], (family, text)
