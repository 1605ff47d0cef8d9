package org.civicsurvey.io.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/** Parsing and generation shared by the facades and the module. */
final class Codec {
    private Codec() {
    }

    private static final JsonFactory DEFAULT_FACTORY = build(JsonLimits.defaults());
    private static final JsonFactory WRITER_FACTORY = new JsonFactory();

    /** A parser factory with the limits; factories are thread-safe, the default one is shared. */
    static JsonFactory factory(JsonLimits limits) {
        return limits.equals(JsonLimits.defaults()) ? DEFAULT_FACTORY : build(limits);
    }

    private static JsonFactory build(JsonLimits limits) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(limits.maxDocumentLength())
                        .maxNestingDepth(limits.maxNestingDepth() + 1)
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxStringLength())
                        .maxNumberLength(limits.maxNumberLength())
                        .build())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    interface ParserSource {
        JsonParser open(JsonFactory f) throws IOException;
    }

    /** Parses the whole input as one document and decodes it, throwing every problem at once. */
    static <T> T read(String what, JsonLimits limits, ParserSource source, Function<Node, T> decode,
            Function<Void, List<JsonProblem>> problems) {
        Node root;
        try (JsonParser p = source.open(factory(limits))) {
            root = TreeReader.read(p, limits.maxNestingDepth(), true);
        } catch (TreeReader.Failure f) {
            throw new InvalidJsonException(what, List.of(f.problem), false);
        } catch (StreamConstraintsException e) {
            throw new InvalidJsonException(what, List.of(new JsonProblem("", "input exceeds a limit: "
                    + Messages.clean(e.getOriginalMessage()), 0, 0)), false);
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException(what, List.of(new JsonProblem("", "malformed JSON: "
                    + Messages.clean(e.getOriginalMessage()), 0, 0)), false);
        } catch (java.io.CharConversionException e) {
            // bytes that start like UTF-16 or UTF-32 but are not (Jackson detects the encoding from them)
            throw new InvalidJsonException(what, List.of(new JsonProblem("", "the bytes are not text in the encoding they"
                    + " begin like (UTF-8, UTF-16 or UTF-32): " + Messages.clean(e.getMessage()), 0, 0)), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " JSON: " + Messages.clean(e.getMessage()), e);
        }
        T value = decode.apply(root);
        List<JsonProblem> found = problems.apply(null);
        if (value == null || !found.isEmpty()) {
            throw new InvalidJsonException(what, found);
        }
        return value;
    }

    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    /** Writes through the UTF-8 generator, so the text is exactly the bytes' decoding (lone surrogates escaped). */
    static String write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(writer, out);
        return out.toString(StandardCharsets.UTF_8) + "\n";
    }

    static void write(Writer writer, OutputStream out) {
        write(writer, out, true);
    }

    /** As {@link #write(Writer)}, on one line without spaces and without the final line break. */
    static String writeCompact(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        write(writer, out, false);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void write(Writer writer, OutputStream out, boolean indent) {
        try (JsonGenerator g = WRITER_FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (indent) {
                g.setPrettyPrinter(printer());
            }
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DefaultPrettyPrinter printer() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }

}
