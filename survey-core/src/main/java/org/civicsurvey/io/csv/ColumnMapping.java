package org.civicsurvey.io.csv;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which CSV column holds what. Roles: the response id, the weight, the transaction's time (an
 * ISO-8601 instant with offset, or a date {@code yyyy-MM-dd} taken at the start of the day in the
 * importer's zone), agency, service, channel, case file id, status, submission time, a question's
 * answer, the "other" text of a choice, a respondent attribute, or declared ignored. With
 * {@link Builder#questionsByHeader()} every header equal to a question id maps to that question. A
 * header that maps to nothing is unknown: a strict import refuses the file before reading a row
 * ({@link WideCsvImporter#withUnknownColumns(ColumnCheck)}).
 */
public final class ColumnMapping {
    /** What a column holds. */
    public enum Role {
        /** The response id (otherwise {@code row-<n>}). */
        ID,
        /** The weight, a positive finite number. */
        WEIGHT,
        /** The transaction time. */
        TIME,
        /** The agency. */
        AGENCY,
        /** The service. */
        SERVICE,
        /** The channel. */
        CHANNEL,
        /** The case file id. */
        CASE_FILE,
        /** A question's answer (target = question id). */
        QUESTION,
        /** A respondent attribute (target = attribute key). */
        RESPONDENT,
        /** The response status, {@code complete} or {@code in_progress} (otherwise the importer's status). */
        STATUS,
        /** When the response was submitted (an ISO-8601 time with offset). */
        SUBMITTED_AT,
        /** The text typed for the "other" option of a choice question (target = question id). */
        OTHER_TEXT,
        /** A column known to hold nothing to import (interviewer notes, say): read past without a word. */
        IGNORED
    }

    /**
     * One mapped column.
     *
     * @param role the role
     * @param target the question id or attribute key ({@code ""} for the other roles)
     */
    public record Target(Role role, String target) {
        /**
         * Validates.
         *
         * @param role role
         * @param target target
         */
        public Target {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(target, "target");
        }
    }

    private final Map<String, Target> byHeader;
    private final boolean questionsByHeader;

    private ColumnMapping(Map<String, Target> byHeader, boolean questionsByHeader) {
        this.byHeader = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byHeader));
        this.questionsByHeader = questionsByHeader;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the explicit mapping, header → target */
    public Map<String, Target> columns() {
        return byHeader;
    }

    /** @return whether headers equal to question ids map to their questions */
    public boolean questionsByHeader() {
        return questionsByHeader;
    }

    /** Builds a {@link ColumnMapping}. */
    public static final class Builder {
        private final Map<String, Target> map = new LinkedHashMap<>();
        private final Set<Role> single = new HashSet<>();
        private boolean byHeader;

        private Builder() {
        }

        private Builder put(String header, Role role, String target) {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(target, "target");
            if (header.isEmpty()) {
                throw new IllegalArgumentException("a mapped header must not be empty");
            }
            if (map.containsKey(header)) {
                throw new IllegalArgumentException("column '" + header + "' is mapped twice");
            }
            if (role != Role.QUESTION && role != Role.RESPONDENT && role != Role.OTHER_TEXT && role != Role.IGNORED
                && !single.add(role)) {
                throw new IllegalArgumentException("role " + role + " is mapped twice");
            }
            map.put(header, new Target(role, target));
            return this;
        }

        /**
         * @param header the column
         * @return this
         */
        public Builder id(String header) {
            return put(header, Role.ID, "");
        }

        /**
         * @param header the column
         * @return this
         */
        public Builder weight(String header) {
            return put(header, Role.WEIGHT, "");
        }

        /**
         * @param header the column
         * @return this
         */
        public Builder time(String header) {
            return put(header, Role.TIME, "");
        }

        /**
         * @param header the column
         * @return this
         */
        public Builder agency(String header) {
            return put(header, Role.AGENCY, "");
        }

        /**
         * @param header the column
         * @return this
         */
        public Builder service(String header) {
            return put(header, Role.SERVICE, "");
        }

        /**
         * @param header the column
         * @return this
         */
        public Builder channel(String header) {
            return put(header, Role.CHANNEL, "");
        }

        /**
         * @param header the column
         * @return this
         */
        public Builder caseFile(String header) {
            return put(header, Role.CASE_FILE, "");
        }

        /**
         * @param header the column
         * @param questionId the question it answers
         * @return this
         */
        public Builder question(String header, String questionId) {
            return put(header, Role.QUESTION, questionId);
        }

        /**
         * @param header the column
         * @param key the respondent attribute
         * @return this
         */
        public Builder respondent(String header, String key) {
            return put(header, Role.RESPONDENT, key);
        }

        /**
         * @param header the column
         * @return this
         */
        public Builder status(String header) {
            return put(header, Role.STATUS, "");
        }

        /**
         * @param header the column
         * @return this
         */
        public Builder submittedAt(String header) {
            return put(header, Role.SUBMITTED_AT, "");
        }

        /**
         * @param header the column
         * @param questionId the choice question whose "other" option the text belongs to
         * @return this
         */
        public Builder otherText(String header, String questionId) {
            return put(header, Role.OTHER_TEXT, questionId);
        }

        /**
         * Declares columns that hold nothing to import, so that a strict import
         * ({@link ColumnCheck#REJECT}, the default) does not refuse them as unknown.
         *
         * @param headers the columns
         * @return this
         */
        public Builder ignore(String... headers) {
            for (String h : headers) {
                put(h, Role.IGNORED, "");
            }
            return this;
        }

        /** @return this, mapping every header equal to a question id to that question */
        public Builder questionsByHeader() {
            byHeader = true;
            return this;
        }

        /** @return the mapping */
        public ColumnMapping build() {
            return new ColumnMapping(map, byHeader);
        }
    }
}
