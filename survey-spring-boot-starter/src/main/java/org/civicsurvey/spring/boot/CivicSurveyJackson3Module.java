package org.civicsurvey.spring.boot;

import java.util.function.Function;

import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.io.json.InvalidJsonException;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * The library's {@link Instrument} and {@link Response} for Jackson 3 (Spring Boot 4's default
 * {@code JsonMapper}): the same format and strictness as {@link InstrumentJson} and
 * {@link ResponseJson} (and as the Jackson 2 {@code CivicSurveyModule}). A value that breaks the
 * format fails as a {@link DatabindException} whose cause is the library's
 * {@link InvalidJsonException}, listing every problem with its path.
 *
 * <p>The starter registers it as a bean, so Boot adds it to the application's mapper; outside Boot:
 * {@code JsonMapper.builder().addModule(new CivicSurveyJackson3Module()).build()}.
 */
public final class CivicSurveyJackson3Module extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /** Creates the module. */
    public CivicSurveyJackson3Module() {
        super("CivicSurveyJackson3Module");
        addSerializer(Instrument.class, new Ser<>(Instrument.class, InstrumentJson::write));
        addSerializer(Response.class, new Ser<>(Response.class, ResponseJson::writeCompact));
        addDeserializer(Instrument.class, new Deser<>(Instrument.class, InstrumentJson::read));
        addDeserializer(Response.class, new Deser<>(Response.class, ResponseJson::read));
    }

    private static final class Ser<T> extends ValueSerializer<T> {
        private final Class<T> type;
        private final Function<T, String> writer;

        Ser(Class<T> type, Function<T, String> writer) {
            this.type = type;
            this.writer = writer;
        }

        @Override
        public Class<?> handledType() {
            return type;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeRawValue(writer.apply(value).strip());
        }
    }

    private static final class Deser<T> extends ValueDeserializer<T> {
        private final Class<T> type;
        private final Function<String, T> reader;

        Deser(Class<T> type, Function<String, T> reader) {
            this.type = type;
            this.reader = reader;
        }

        @Override
        public Class<?> handledType() {
            return type;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonNode tree = ctxt.readTree(p);
            try {
                // the library's reader checks the value as a whole and lists every problem at once
                return reader.apply(tree.toString());
            } catch (InvalidJsonException e) {
                throw DatabindException.from(p, e.getMessage(), e);
            }
        }
    }
}
