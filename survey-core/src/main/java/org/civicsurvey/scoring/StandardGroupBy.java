package org.civicsurvey.scoring;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.civicsurvey.response.Response;

/** The groupings of {@link GroupBy}'s factories: a name, what they read (if standard) and the level function. */
final class StandardGroupBy implements GroupBy {
    private final String name;
    private final Field field;
    private final Function<Response, String> level;

    StandardGroupBy(String name, Field field, Function<Response, String> level) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a grouping name must not be blank");
        }
        this.name = name;
        this.field = field;
        this.level = level;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String level(Response response) {
        String s = level.apply(response);
        return s == null || s.isBlank() ? UNKNOWN : s;
    }

    @Override
    public Optional<Field> field() {
        return Optional.ofNullable(field);
    }

    @Override
    public String toString() {
        return "GroupBy[" + name + (field == null ? ", in memory" : ", " + field) + "]";
    }
}
