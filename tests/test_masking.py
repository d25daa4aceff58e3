"""PII masking (Ley 1581): no personal data of the generator's truth survives in Silver text."""
import datetime as dt

import pandas as pd

from pqrlab.channel.generator import ChannelConfig, generate_day
from pqrlab.enrich.masking import mask_pii, signature_names
from pqrlab.layers.bronze import validate_lines
from pqrlab.layers.silver import mask_messages, summarize_messages


def test_mask_examples():
    text = ("Mi nombre es Lucía Gómez, cédula 1.023.456.789. Escríbanme a lucia.gomez@gmail.com o al "
            "310 555 1234. Vivo en la Cra. 7 # 45-10 Sur.\n\nAtentamente,\nLucía Gómez")
    masked = mask_pii(text, signature_names(text))
    for secret in ("Lucía Gómez", "1.023.456.789", "lucia.gomez@gmail.com", "310 555 1234", "45-10"):
        assert secret not in masked
    for label in ("[NOMBRE]", "[CEDULA]", "[EMAIL]", "[PHONE]", "[ADDRESS]"):
        assert label in masked


def test_soy_followed_by_lower_case_words_is_not_a_name():
    text = "Soy adulto mayor y estoy en situación de vulnerabilidad. Soy Ana María Gómez."
    masked = mask_pii(text, signature_names(text))
    assert masked == "Soy adulto mayor y estoy en situación de vulnerabilidad. Soy [NOMBRE]."


def test_no_truth_pii_left_in_masked_messages():
    cfg = ChannelConfig(seed=11, run_id="mask", events=800, start=dt.date(2026, 3, 2), days=10, defect_rate=0.0)
    lines, truths, _ = generate_day(cfg, 0, 800)
    frames = [validate_lines([("p", b"\n".join(ls))], dt.date.fromisoformat(day), "mask")[0].to_pandas()
              for day, ls in lines.items()]
    masked = summarize_messages(mask_messages(pd.concat(frames, ignore_index=True)))
    text = "\n".join(masked["body"].tolist() + masked["subject"].fillna("").tolist()
                     + masked["from_addr"].tolist() + masked["to_addr"].tolist() + masked["summary"].dropna().tolist())
    pqrs = [t for t in truths if t["is_pqrs"]]
    leaks = {k: [t["pii"][k] for t in pqrs if t["pii"][k] in text] for k in ("email", "phone", "cedula", "address")}
    assert all(not v for v in leaks.values()), leaks
    names = [t["pii"]["name"] for t in pqrs if t["pii"]["name"] in text]
    # A name whose introduction was garbled by a typo can survive in a quoted reply: allow at most 2%.
    assert len(names) <= 0.02 * len(pqrs), names
