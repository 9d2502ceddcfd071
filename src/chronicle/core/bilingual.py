"""The two languages of the site, defined once: their codes in order and their names in messages.

Pure. What "in both languages" means for a field of the YAML inputs (a mapping with non-empty
zh and en text, and no other language) is declared once, by the model core/schema.Bilingual.
"""

from __future__ import annotations

LANGS = ("zh", "en")
LANGUAGE_NAME = {"zh": "Chinese", "en": "English"}
