#!/usr/bin/env python3
"""Writes the bad-input corpus: malformed instrument and response JSON files.

Run from this directory: python3 make-corpus.py. The expectations (path and message fragment per
file) are in expectations.tsv, checked by BadInputCorpusTest.
"""
import json, os, copy

BASE = {
    "id": "mini", "version": "1", "languages": ["vi", "en"],
    "title": {"vi": "Mẫu", "en": "Sample"},
    "dimensions": [{"id": "e1", "level": "element", "name": {"vi": "Yếu tố", "en": "Element"}}],
    "scales": [{"id": "sat5", "min": 1, "max": 5, "positiveThreshold": 4,
                "specialCodes": [{"code": 9, "status": "dont_know", "label": {"vi": "Không biết", "en": "Don't know"}}]}],
    "sections": [{"id": "s1", "title": {"vi": "Phần 1", "en": "Part 1"}, "questions": [
        {"id": "q1", "type": "rating", "text": {"vi": "Hài lòng?", "en": "Satisfied?"}, "scale": "sat5", "dimension": "e1"},
        {"id": "q2", "type": "choice", "text": {"vi": "Có/không", "en": "Yes/no"},
         "options": [{"code": "yes", "label": {"vi": "Có", "en": "Yes"}}, {"code": "no", "label": {"vi": "Không", "en": "No"}}]},
        {"id": "q3", "type": "text", "maxLength": 500, "text": {"vi": "Góp ý", "en": "Comments"},
         "showIf": {"question": "q2", "equals": "yes"}}]}]}


def inst(name, mutate):
    d = copy.deepcopy(BASE)
    mutate(d)
    raw(os.path.join("instrument", name), json.dumps(d, ensure_ascii=True, indent=1))


def raw(path, text, binary=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(binary if binary is not None else text.encode("utf-8"))


def q(d, i):
    return d["sections"][0]["questions"][i]


def setq(i, key, value):
    return lambda d: q(d, i).__setitem__(key, value)


base_text = json.dumps(BASE, ensure_ascii=False, indent=1)
raw("instrument/truncated.json", base_text[: len(base_text) // 2])
raw("instrument/empty.json", "")
raw("instrument/not-an-object.json", "[1, 2]")
raw("instrument/trailing-garbage.json", base_text + "\n{}")
raw("instrument/invalid-utf8.json", None, base_text.replace('"Mẫu"', '"M__"').encode("utf-8").replace(b"M__", b"M\xc3\x28"))
raw("instrument/raw-nul-in-string.json", base_text.replace('"Sample"', '"Sam\u0000ple"'))
raw("instrument/duplicate-property.json", base_text.replace('"version": "1",', '"version": "1", "version": "2",'))
inst("wrong-type-version.json", lambda d: d.__setitem__("version", 1))
inst("null-title.json", lambda d: d.__setitem__("title", None))
inst("unknown-property.json", lambda d: d.__setitem__("colour", "red"))
inst("missing-sections.json", lambda d: d.pop("sections"))
inst("duplicate-question-id.json", setq(1, "id", "q1"))
inst("duplicate-option-code.json", lambda d: q(d, 1)["options"][1].__setitem__("code", "yes"))
inst("duplicate-dimension-id.json", lambda d: d["dimensions"].append(copy.deepcopy(d["dimensions"][0])))
inst("duplicate-section-id.json", lambda d: d["sections"].append(copy.deepcopy(d["sections"][0]) | {"questions": [
    {"id": "q9", "type": "nps", "text": {"vi": "NPS", "en": "NPS"}}]}))
inst("dangling-dimension.json", setq(0, "dimension", "e9"))
inst("dangling-condition.json", setq(2, "showIf", {"question": "q7", "equals": "yes"}))
inst("dangling-scale.json", setq(0, "scale", "sat7"))
inst("threshold-out-of-range.json", lambda d: d["scales"][0].__setitem__("positiveThreshold", 6))
inst("special-code-collides.json", lambda d: d["scales"][0]["specialCodes"][0].__setitem__("code", 3))
inst("huge-string.json", lambda d: d["title"].__setitem__("en", "x" * 25000))
inst("long-text-under-parser-limit.json", lambda d: d["title"].__setitem__("en", "x" * 10001))
nested = {"question": "q2", "equals": "yes"}
for _ in range(50):
    nested = {"all": [nested]}
inst("deep-nesting.json", setq(2, "showIf", nested))
nested9 = {"question": "q2", "equals": "yes"}
for _ in range(9):
    nested9 = {"any": [nested9]}
inst("conditions-too-deep.json", setq(2, "showIf", nested9))
inst("sql-in-id.json", setq(0, "id", "'; DROP TABLE x;--"))
inst("quote-in-id.json", setq(0, "id", 'q"1'))
inst("rtl-override-in-id.json", setq(0, "id", "q\u202e1"))
inst("zero-width-joiner-in-id.json", setq(0, "id", "q\u200d1"))
inst("lone-surrogate-in-id.json", setq(0, "id", "q\ud8001"))
inst("nul-in-option-code.json", lambda d: q(d, 1)["options"][0].__setitem__("code", "y\u0000es"))
inst("bad-language-tag.json", lambda d: d.__setitem__("languages", ["vi", "en", "not a tag"]))
inst("missing-translation.json", lambda d: q(d, 0)["text"].pop("en"))
inst("wrong-type-min.json", lambda d: d["scales"][0].__setitem__("min", "1"))
inst("fraction-max.json", lambda d: d["scales"][0].__setitem__("max", 5.5))
raw("instrument/number-too-long.json", base_text.replace('"max": 5', '"max": 5' + "0" * 50))
raw("instrument/huge-exponent.json", base_text.replace('"max": 5', '"max": 5e400'))
inst("condition-two-tests.json", setq(2, "showIf", {"question": "q2", "equals": "yes", "answered": True}))
inst("unknown-question-type.json", setq(0, "type", "slider"))
inst("tag-with-space.json", setq(0, "tags", ["top box"]))
inst("method-url-javascript.json", lambda d: d.__setitem__("method", {"name": "x", "source": "y", "url": "javascript:alert(1)"}))

GOOD = {"id": "r-1", "instrumentId": "mini", "instrumentVersion": "1", "status": "complete",
        "answers": {"q1": 4, "q2": ["yes"], "q3": "ok"}}


def resp(name, mutate):
    d = copy.deepcopy(GOOD)
    mutate(d)
    raw(os.path.join("response", name), json.dumps(d, ensure_ascii=True, indent=1))


good_text = json.dumps(GOOD, indent=1)
raw("response/truncated.json", good_text[:-3])
raw("response/raw-nul.json", good_text.replace('"ok"', '"o\u0000k"'))
resp("answers-not-object.json", lambda d: d.__setitem__("answers", [4, "yes"]))
resp("sql-answer-key-wrong-type.json", lambda d: d["answers"].__setitem__("'; DROP TABLE x;--", True))
resp("special-unknown.json", lambda d: d["answers"].__setitem__("q1", {"special": "maybe"}))
resp("weight-string.json", lambda d: d.__setitem__("weight", "1.5"))
resp("huge-text-answer.json", lambda d: d["answers"].__setitem__("q3", "y" * 25000))
deep = 1
for _ in range(60):
    deep = [deep]
resp("deep-nesting.json", lambda d: d["answers"].__setitem__("q1", deep))
resp("time-not-iso.json", lambda d: d.__setitem__("transaction", {"time": "01/05/2024"}))
resp("unknown-property.json", lambda d: d.__setitem__("user", {"name": "x"}))
resp("null-id.json", lambda d: d.__setitem__("id", None))
raw("response/weight-overflow.json", good_text.replace('"status"', '"weight": 1e400, "status"'))
# well-formed JSON, rejected by the validator
resp("validate-sql-question-id.json", lambda d: d["answers"].__setitem__("'; DROP TABLE x;--", 1))
resp("validate-rtl-respondent-key.json", lambda d: d.__setitem__("respondent", {"se\u202ex": "female"}))
resp("validate-out-of-scale.json", lambda d: d["answers"].__setitem__("q1", 6))
resp("validate-text-too-long.json", lambda d: d["answers"].__setitem__("q3", "z" * 501))
resp("validate-blank-id.json", lambda d: d.__setitem__("id", " "))
resp("validate-rtl-newline-in-response-id.json", lambda d: d.__setitem__("id", "r\u202e1\n2"))
resp("validate-negative-weight.json", lambda d: d.__setitem__("weight", -2))
resp("validate-hidden-answered.json", lambda d: d["answers"].__setitem__("q2", ["no"]))
resp("validate-lone-surrogate-option.json", lambda d: d["answers"].__setitem__("q2", ["y\ud800"]))

# valid: odd-but-valid Unicode in text answers must round-trip verbatim
resp("../good/odd-unicode-response.json", lambda d: (d["answers"].__setitem__(
    "q3", "Chào\u200f \u05e9\u05dc\u05d5\u05dd \U0001F468\u200d\U0001F469\u200d\U0001F467 e\u0301 \ud800 \u0000 \"'; DROP TABLE x;--"),
    d.__setitem__("respondent", {"note": "\u202eevil\u202c \u200b"})))
raw("good/mini-instrument.json", json.dumps(BASE, ensure_ascii=False, indent=1))
