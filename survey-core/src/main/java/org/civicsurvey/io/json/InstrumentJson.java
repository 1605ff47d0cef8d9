package org.civicsurvey.io.json;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.civicsurvey.model.Instrument;

/**
 * Reads and writes instruments as JSON (format: {@code docs/instrument-format.md}).
 *
 * <pre>{@code
 * Instrument sipas = InstrumentJson.read(Files.newInputStream(path));
 * String json = InstrumentJson.write(sipas);   // reads back equal
 * }</pre>
 *
 * <p>Reading is strict: unknown properties, wrong types, duplicate ids, dangling references and
 * inconsistent scales are all reported together in one {@link InvalidJsonException}, each problem
 * with its JSON path, line and column.
 */
public final class InstrumentJson {
    private InstrumentJson() {
    }

    /**
     * Reads an instrument from JSON text, with the default limits.
     *
     * @param json the JSON text
     * @return the instrument
     * @throws InvalidJsonException listing every problem
     */
    public static Instrument read(String json) {
        return read(json, JsonLimits.defaults());
    }

    /**
     * Reads an instrument from JSON text.
     *
     * @param json the JSON text
     * @param limits input bounds
     * @return the instrument
     * @throws InvalidJsonException listing every problem
     */
    public static Instrument read(String json, JsonLimits limits) {
        Objects.requireNonNull(json, "json");
        return decode(limits, f -> f.createParser(json));
    }

    /**
     * Reads an instrument from UTF-8 (or UTF-16/32, detected) JSON bytes; the stream is not closed.
     *
     * @param in the input
     * @return the instrument
     * @throws InvalidJsonException listing every problem
     * @throws UncheckedIOException when reading fails
     */
    public static Instrument read(InputStream in) {
        Objects.requireNonNull(in, "in");
        return decode(JsonLimits.defaults(), f -> f.createParser(new NonClosingInputStream(in)));
    }

    /**
     * Reads an instrument from a character stream; the reader is not closed.
     *
     * @param in the input
     * @return the instrument
     * @throws InvalidJsonException listing every problem
     * @throws UncheckedIOException when reading fails
     */
    public static Instrument read(Reader in) {
        Objects.requireNonNull(in, "in");
        return decode(JsonLimits.defaults(), f -> f.createParser(new NonClosingReader(in)));
    }

    /**
     * Reads an instrument from a UTF-8 JSON file.
     *
     * @param file the file
     * @return the instrument
     * @throws InvalidJsonException listing every problem
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Instrument read(Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot read instrument file " + file, e);
        }
    }

    /**
     * Reads an instrument from a class-path resource, such as a standard instrument.
     *
     * @param resource the resource name, as for {@link ClassLoader#getResourceAsStream(String)}
     * @return the instrument
     * @throws IllegalArgumentException when the resource does not exist
     * @throws InvalidJsonException listing every problem
     */
    public static Instrument readResource(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = InstrumentJson.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class-path resource " + resource);
            }
            return read(in);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }

    /**
     * Writes an instrument as indented JSON ending with a line break.
     *
     * @param instrument the instrument
     * @return the JSON text
     */
    public static String write(Instrument instrument) {
        Objects.requireNonNull(instrument, "instrument");
        return Codec.write(g -> InstrumentWriter.write(instrument, g));
    }

    /**
     * Writes an instrument as indented UTF-8 JSON; the stream is not closed.
     *
     * @param instrument the instrument
     * @param out the output
     * @throws UncheckedIOException when writing fails
     */
    public static void write(Instrument instrument, OutputStream out) {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(out, "out");
        Codec.write(g -> InstrumentWriter.write(instrument, g), out);
    }

    private static Instrument decode(JsonLimits limits, Codec.ParserSource source) {
        InstrumentReader reader = new InstrumentReader();
        return Codec.read("instrument", limits, source, reader::read, x -> reader.problems);
    }
}
