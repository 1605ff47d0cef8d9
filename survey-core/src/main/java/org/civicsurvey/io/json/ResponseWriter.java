package org.civicsurvey.io.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;

/** Writes a response. */
final class ResponseWriter {
    private ResponseWriter() {
    }

    static void write(Response r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("instrumentId", r.instrumentId());
        g.writeStringField("instrumentVersion", r.instrumentVersion());
        g.writeStringField("status", r.status().jsonName());
        g.writeObjectFieldStart("answers");
        for (Map.Entry<String, Answer> e : r.answers().entrySet()) {
            g.writeFieldName(e.getKey());
            answer(g, e.getValue());
        }
        g.writeEndObject();
        Transaction t = r.transaction();
        if (!t.equals(Transaction.none())) {
            g.writeObjectFieldStart("transaction");
            optional(g, "caseFileId", t.caseFileId());
            optional(g, "agency", t.agency());
            optional(g, "service", t.service());
            optional(g, "channel", t.channel());
            if (t.time().isPresent()) {
                g.writeStringField("time", t.time().get().toString());
            }
            g.writeEndObject();
        }
        if (!r.respondent().isEmpty()) {
            g.writeObjectFieldStart("respondent");
            for (Map.Entry<String, String> e : r.respondent().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        if (r.weight().isPresent()) {
            g.writeFieldName("weight");
            g.writeNumber(r.weight().getAsDouble());
        }
        if (r.submittedAt().isPresent()) {
            Instant at = r.submittedAt().get();
            g.writeStringField("submittedAt", at.toString());
        }
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(field, value.get());
        }
    }

    static void answer(JsonGenerator g, Answer a) throws IOException {
        if (a instanceof Answer.Numeric n) {
            InstrumentWriter.number(g, n.value());
        } else if (a instanceof Answer.Text t) {
            g.writeString(t.text());
        } else if (a instanceof Answer.Special s) {
            g.writeStartObject();
            g.writeStringField("special", s.status().jsonName());
            g.writeEndObject();
        } else if (a instanceof Answer.Choice c) {
            if (c.other().isPresent()) {
                g.writeStartObject();
                g.writeFieldName("choices");
            }
            g.writeStartArray();
            for (String code : c.codes()) {
                g.writeString(code);
            }
            g.writeEndArray();
            if (c.other().isPresent()) {
                g.writeStringField("other", c.other().get());
                g.writeEndObject();
            }
        }
    }
}
