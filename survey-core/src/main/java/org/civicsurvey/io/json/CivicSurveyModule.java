package org.civicsurvey.io.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;

/**
 * The Jackson module for {@link Instrument} and {@link Response}, for applications with their own
 * {@code ObjectMapper}: {@code mapper.registerModule(new CivicSurveyModule())}. It reads and writes
 * exactly the format of {@link InstrumentJson} and {@link ResponseJson}, with the same strictness;
 * a problem surfaces as a {@link JsonMappingException} whose cause is an {@link InvalidJsonException}
 * listing every problem. The mapper's own {@code StreamReadConstraints} bound the input; the
 * nesting bound of {@link JsonLimits#defaults()} applies inside each value.
 */
public final class CivicSurveyModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /** Creates the module. */
    public CivicSurveyModule() {
        super("CivicSurveyModule", Version.unknownVersion());
        addSerializer(Instrument.class, new Ser<>(Instrument.class, InstrumentWriter::write));
        addSerializer(Response.class, new Ser<>(Response.class, ResponseWriter::write));
        addDeserializer(Instrument.class, new Deser<>(Instrument.class, "instrument", () -> {
            InstrumentReader r = new InstrumentReader();
            return new Decoder<>(r::read, r.problems);
        }));
        addDeserializer(Response.class, new Deser<>(Response.class, "response", () -> {
            ResponseReader r = new ResponseReader();
            return new Decoder<>(r::read, r.problems);
        }));
    }

    interface Write<T> {
        void write(T value, JsonGenerator g) throws IOException;
    }

    private static final class Ser<T> extends StdSerializer<T> {
        private static final long serialVersionUID = 1L;
        private final transient Write<T> writer;

        Ser(Class<T> type, Write<T> writer) {
            super(type);
            this.writer = writer;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            writer.write(value, gen);
        }
    }

    private record Decoder<T>(java.util.function.Function<Node, T> decode, List<JsonProblem> problems) {
    }

    private static final class Deser<T> extends StdDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final String what;
        private final transient Supplier<Decoder<T>> decoders;

        Deser(Class<T> type, String what, Supplier<Decoder<T>> decoders) {
            super(type);
            this.what = what;
            this.decoders = decoders;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Node root;
            try {
                root = TreeReader.read(p, JsonLimits.defaults().maxNestingDepth(), false);
            } catch (TreeReader.Failure f) {
                InvalidJsonException e = new InvalidJsonException(what, List.of(f.problem), false);
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
            Decoder<T> d = decoders.get();
            T value = d.decode().apply(root);
            if (value == null || !d.problems().isEmpty()) {
                InvalidJsonException e = new InvalidJsonException(what, d.problems());
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
            return value;
        }
    }
}
