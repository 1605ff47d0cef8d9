package org.civicsurvey.model;

import java.util.ArrayList;
import java.util.List;

/** Collects violations while a constructor checks its arguments. */
final class Violations {
    private final List<ModelViolation> list = new ArrayList<>();

    void add(String path, String message) {
        list.add(new ModelViolation(path, message));
    }

    void addAll(List<ModelViolation> more) {
        list.addAll(more);
    }

    void id(String path, String value) {
        String problem = Ids.problem(value);
        if (problem != null) {
            add(path, problem);
        }
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<ModelViolation> list() {
        return list;
    }

    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new InvalidModelException(list);
        }
    }

    static <T> List<T> copy(String field, List<T> list) {
        if (list == null) {
            throw new InvalidModelException(field, "is missing");
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new InvalidModelException(field + "[" + i + "]", "is null");
            }
        }
        return List.copyOf(list);
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidModelException(field, "is missing");
        }
        return value;
    }
}
