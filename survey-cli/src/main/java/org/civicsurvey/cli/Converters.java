package org.civicsurvey.cli;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values read the same way by every command, with messages that list what is allowed. */
final class Converters {
    private Converters() {
    }

    /**
     * The lower-case, hyphenated name of a constant, as options spell it ({@code FIRST_WINS} → {@code first-wins}).
     *
     * @param e the constant
     * @return its option spelling
     */
    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Reads an enum constant by its option spelling ({@code first-wins}), also accepting
     * underscores and any case.
     *
     * @param <E> the enum
     */
    static class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        EnumConverter(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(v)) {
                    return e;
                }
                names.add(name(e));
            }
            throw new TypeConversionException("'" + value + "' is not one of " + String.join(", ", names));
        }
    }

    /** Reads a time zone id such as {@code UTC} or {@code Asia/Ho_Chi_Minh}. */
    static final class ZoneConverter implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return ZoneId.of(value.strip());
            } catch (DateTimeException e) {
                throw new TypeConversionException("'" + value + "' is not a time zone; use an id such as UTC, +07:00 or"
                    + " Asia/Ho_Chi_Minh");
            }
        }
    }

    /** Reads a one-character delimiter; {@code \t} or {@code tab} for a tab. */
    static final class DelimiterConverter implements ITypeConverter<Character> {
        @Override
        public Character convert(String value) {
            if ("\\t".equals(value) || "tab".equalsIgnoreCase(value)) {
                return '\t';
            }
            if (value.length() != 1 || value.charAt(0) == '"' || value.charAt(0) == '\n' || value.charAt(0) == '\r') {
                throw new TypeConversionException("'" + value + "' is not a delimiter; use one character such as , ; | or tab");
            }
            return value.charAt(0);
        }
    }
}
