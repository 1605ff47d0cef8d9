package org.civicsurvey.io.json;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
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
     * Reads a JSON array of responses, such as an export, with the default limits. Problems carry
     * paths such as {@code [3].answers.q1}.
     *
     * @param json the JSON text: an array of response objects
     * @return the responses, in order
     * @throws InvalidJsonException listing every problem in every response
     */
    public static List<Response> readAll(String json) {
        Objects.requireNonNull(json, "json");
        ResponseReader reader = new ResponseReader();
        return Codec.read("response list", JsonLimits.defaults(), f -> f.createParser(json), reader::readAll,
                x -> reader.problems);
    }

    /**
     * Reads a JSON array of responses from bytes; the stream is not closed.
     *
     * @param in the input: an array of response objects
     * @return the responses, in order
     * @throws InvalidJsonException listing every problem in every response
     * @throws UncheckedIOException when reading fails
     */
    public static List<Response> readAll(InputStream in) {
        Objects.requireNonNull(in, "in");
        ResponseReader reader = new ResponseReader();
        return Codec.read("response list", JsonLimits.defaults(), f -> f.createParser(new NonClosingInputStream(in)),
                reader::readAll, x -> reader.problems);
    }

    /**
     * Writes responses as an indented JSON array ending with a line break.
     *
     * @param responses the responses
     * @return the JSON text
     */
    public static String writeAll(List<Response> responses) {
        Objects.requireNonNull(responses, "responses");
        return Codec.write(g -> {
            g.writeStartArray();
            for (Response r : responses) {
                ResponseWriter.write(Objects.requireNonNull(r, "responses contains null"), g);
            }
            g.writeEndArray();
        });
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
     * Writes a response as compact JSON: one line, no spaces between tokens, no final line break,
     * the same fields in the same order as {@link #write(Response)}. For storage and hashing: about
     * 40% shorter than the indented form.
     *
     * @param response the response
     * @return the JSON text
     */
    public static String writeCompact(Response response) {
        Objects.requireNonNull(response, "response");
        return Codec.writeCompact(g -> ResponseWriter.write(response, g));
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
