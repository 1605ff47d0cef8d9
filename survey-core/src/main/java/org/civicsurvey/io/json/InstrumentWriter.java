package org.civicsurvey.io.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Condition;
import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.LocalizedText;
import org.civicsurvey.model.MethodReference;
import org.civicsurvey.model.NpsQuestion;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.ScalePoint;
import org.civicsurvey.model.Section;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.TextQuestion;

/** Writes an instrument; properties at their default values are left out. */
final class InstrumentWriter {
    private InstrumentWriter() {
    }

    static void write(Instrument in, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", in.id());
        g.writeStringField("version", in.version());
        g.writeArrayFieldStart("languages");
        for (String tag : in.languages()) {
            g.writeString(tag);
        }
        g.writeEndArray();
        text(g, "title", in.title());
        text(g, "description", in.description());
        if (in.method().isPresent()) {
            MethodReference m = in.method().get();
            g.writeObjectFieldStart("method");
            g.writeStringField("name", m.name());
            g.writeStringField("source", m.source());
            if (m.url().isPresent()) {
                g.writeStringField("url", m.url().get());
            }
            g.writeBooleanField("adapted", m.adapted());
            text(g, "notes", m.notes());
            g.writeEndObject();
        }
        if (!in.dimensions().isEmpty()) {
            g.writeArrayFieldStart("dimensions");
            for (Dimension d : in.dimensions()) {
                g.writeStartObject();
                g.writeStringField("id", d.id());
                g.writeStringField("level", d.level().jsonName());
                if (d.parent().isPresent()) {
                    g.writeStringField("parent", d.parent().get());
                }
                text(g, "name", d.name());
                if (d.weight().isPresent()) {
                    number(g, "weight", d.weight().getAsDouble());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!in.scales().isEmpty()) {
            g.writeArrayFieldStart("scales");
            for (Scale s : in.scales()) {
                scale(g, s);
            }
            g.writeEndArray();
        }
        g.writeArrayFieldStart("sections");
        for (Section s : in.sections()) {
            g.writeStartObject();
            g.writeStringField("id", s.id());
            text(g, "title", s.title());
            text(g, "description", s.description());
            g.writeArrayFieldStart("questions");
            for (Question q : s.questions()) {
                question(g, in, q);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void question(JsonGenerator g, Instrument in, Question q) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", q.id());
        g.writeStringField("type", q.kind().jsonName());
        text(g, "text", q.text());
        text(g, "help", q.help());
        if (q.required()) {
            g.writeBooleanField("required", true);
        }
        if (q.showIf().isPresent()) {
            g.writeFieldName("showIf");
            condition(g, q.showIf().get());
        }
        if (!q.tags().isEmpty()) {
            g.writeArrayFieldStart("tags");
            for (String t : q.tags()) {
                g.writeString(t);
            }
            g.writeEndArray();
        }
        if (q instanceof RatingQuestion r) {
            scaleRef(g, in, r.scale());
            if (r.dimension().isPresent()) {
                g.writeStringField("dimension", r.dimension().get());
            }
        } else if (q instanceof NpsQuestion n) {
            if (!n.scale().equals(Scale.nps())) {
                scaleRef(g, in, n.scale());
            }
        } else if (q instanceof ChoiceQuestion c) {
            if (c.multiple()) {
                g.writeBooleanField("multiple", true);
            }
            g.writeArrayFieldStart("options");
            for (ChoiceOption o : c.options()) {
                g.writeStartObject();
                g.writeStringField("code", o.code());
                text(g, "label", o.label());
                if (o.score().isPresent()) {
                    number(g, "score", o.score().getAsDouble());
                }
                if (o.other()) {
                    g.writeBooleanField("other", true);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } else if (q instanceof NumberQuestion nq) {
            if (!Double.isInfinite(nq.min())) {
                number(g, "min", nq.min());
            }
            if (!Double.isInfinite(nq.max())) {
                number(g, "max", nq.max());
            }
            if (nq.integer()) {
                g.writeBooleanField("integer", true);
            }
        } else if (q instanceof TextQuestion t) {
            g.writeNumberField("maxLength", t.maxLength());
        }
        g.writeEndObject();
    }

    private static void scaleRef(JsonGenerator g, Instrument in, Scale s) throws IOException {
        if (s.id().isPresent() && in.scale(s.id().get()).isPresent()) {
            g.writeStringField("scale", s.id().get());
        } else {
            g.writeFieldName("scale");
            scale(g, s);
        }
    }

    private static void scale(JsonGenerator g, Scale s) throws IOException {
        g.writeStartObject();
        if (s.id().isPresent()) {
            g.writeStringField("id", s.id().get());
        }
        g.writeNumberField("min", s.min());
        g.writeNumberField("max", s.max());
        if (!s.labels().isEmpty()) {
            g.writeArrayFieldStart("labels");
            for (ScalePoint p : s.labels()) {
                g.writeStartObject();
                g.writeNumberField("value", p.value());
                text(g, "label", p.label());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeNumberField("positiveThreshold", s.positiveThreshold());
        if (!s.specialCodes().isEmpty()) {
            g.writeArrayFieldStart("specialCodes");
            for (SpecialCode c : s.specialCodes()) {
                g.writeStartObject();
                g.writeNumberField("code", c.code());
                g.writeStringField("status", c.status().jsonName());
                text(g, "label", c.label());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    static void condition(JsonGenerator g, Condition c) throws IOException {
        g.writeStartObject();
        if (c instanceof Condition.All a) {
            conditions(g, "all", a.conditions());
        } else if (c instanceof Condition.Any a) {
            conditions(g, "any", a.conditions());
        } else if (c instanceof Condition.Chosen ch) {
            g.writeStringField("question", ch.question());
            if (ch.codes().size() == 1) {
                g.writeStringField("equals", ch.codes().get(0));
            } else {
                g.writeArrayFieldStart("in");
                for (String code : ch.codes()) {
                    g.writeString(code);
                }
                g.writeEndArray();
            }
        } else if (c instanceof Condition.Between b) {
            g.writeStringField("question", b.question());
            if (!Double.isInfinite(b.atLeast())) {
                number(g, "atLeast", b.atLeast());
            }
            if (!Double.isInfinite(b.atMost())) {
                number(g, "atMost", b.atMost());
            }
        } else if (c instanceof Condition.Answered a) {
            g.writeStringField("question", a.question());
            g.writeBooleanField("answered", a.answered());
        }
        g.writeEndObject();
    }

    private static void conditions(JsonGenerator g, String key, List<Condition> list) throws IOException {
        g.writeArrayFieldStart(key);
        for (Condition c : list) {
            condition(g, c);
        }
        g.writeEndArray();
    }

    static void text(JsonGenerator g, String field, LocalizedText t) throws IOException {
        if (t.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : t.values().entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** Writes a double, as a whole number when it is one. */
    static void number(JsonGenerator g, String field, double x) throws IOException {
        g.writeFieldName(field);
        number(g, x);
    }

    static void number(JsonGenerator g, double x) throws IOException {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            g.writeNumber((long) x);
        } else {
            g.writeNumber(x);
        }
    }
}
