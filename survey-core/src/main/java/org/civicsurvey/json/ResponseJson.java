package org.civicsurvey.json;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.civicsurvey.response.Response;

/**
 * Reads and writes responses as JSON (format: {@code docs/instrument-format.md}, section
 * "Responses"). Reading checks the JSON's shape and types and reports every problem; checking the
 * answers against the instrument is the validator's job.
 */
public final class ResponseJson {
    private ResponseJson() {
    }

    /**
     * Reads a response from JSON text, with the default limits.
     *
     * @param json the JSON text
     * @return the response
     * @throws InvalidJsonException listing every problem
     */
    public static Response read(String json) {
        return read(json, JsonLimits.defaults());
    }

    /**
     * Reads a response from JSON text.
     *
     * @param json the JSON text
     * @param limits input bounds
     * @return the response
     * @throws InvalidJsonException listing every problem
     */
    public static Response read(String json, JsonLimits limits) {
        Objects.requireNonNull(json, "json");
        return decode(limits, f -> f.createParser(json));
    }

    /**
     * Reads a response from JSON bytes; the stream is not closed.
     *
     * @param in the input
     * @return the response
     * @throws InvalidJsonException listing every problem
     * @throws UncheckedIOException when reading fails
     */
    public static Response read(InputStream in) {
        Objects.requireNonNull(in, "in");
        return decode(JsonLimits.defaults(), f -> f.createParser(new NonClosingInputStream(in)));
    }

    /**
     * Writes a response as indented JSON ending with a line break.
     *
     * @param response the response
     * @return the JSON text
     */
    public static String write(Response response) {
        Objects.requireNonNull(response, "response");
        return Codec.write(g -> ResponseWriter.write(response, g));
    }

    /**
     * Writes a response as indented UTF-8 JSON; the stream is not closed.
     *
     * @param response the response
     * @param out the output
     * @throws UncheckedIOException when writing fails
     */
    public static void write(Response response, OutputStream out) {
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(out, "out");
        Codec.write(g -> ResponseWriter.write(response, g), out);
    }

    private static Response decode(JsonLimits limits, Codec.ParserSource source) {
        ResponseReader reader = new ResponseReader();
        return Codec.read("response", limits, source, reader::read, x -> reader.problems);
    }
}
