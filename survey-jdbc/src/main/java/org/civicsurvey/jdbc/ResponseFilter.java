package org.civicsurvey.jdbc;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.civicsurvey.response.ResponseStatus;

/**
 * Which stored responses to read, count or aggregate: a value, never SQL. Every criterion is
 * optional (absent = no restriction) and all present criteria must hold. Strings are compared
 * exactly (case-sensitive) and always sent to the database as bound parameters.
 *
 * <p>Start from {@link #all()} and narrow: {@code ResponseFilter.all().instrument("sipas",
 * "2017").period(from, to).agency("so-tu-phap").attribute("sex", "f")}.
 *
 * @param instrumentId the instrument id
 * @param instrumentVersion the instrument version (requires the id)
 * @param from submitted at or after (inclusive)
 * @param to submitted before (exclusive)
 * @param agency the transaction's agency
 * @param service the transaction's service
 * @param channel the transaction's channel
 * @param province the respondent attribute {@code province}
 * @param status complete or in progress
 * @param attributes respondent attributes that must have exactly these values
 */
public record ResponseFilter(Optional<String> instrumentId, Optional<String> instrumentVersion, Optional<Instant> from,
        Optional<Instant> to, Optional<String> agency, Optional<String> service, Optional<String> channel,
        Optional<String> province, Optional<ResponseStatus> status, Map<String, String> attributes) {

    private static final ResponseFilter ALL = new ResponseFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Map.of());

    /**
     * Validates the criteria and copies the attributes.
     *
     * @throws IllegalArgumentException if a version is given without an id or the period is empty
     */
    public ResponseFilter {
        Objects.requireNonNull(instrumentId, "instrumentId");
        Objects.requireNonNull(instrumentVersion, "instrumentVersion");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(province, "province");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(attributes, "attributes");
        if (instrumentVersion.isPresent() && instrumentId.isEmpty()) {
            throw new IllegalArgumentException("instrumentVersion " + instrumentVersion.get() + " needs an instrumentId");
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("period from " + from.get() + " to " + to.get()
                    + " is empty: from must be before to");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        attributes.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "attribute name"),
                Objects.requireNonNull(v, "attributes." + k)));
        attributes = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Every stored response.
     *
     * @return the unrestricted filter
     */
    public static ResponseFilter all() {
        return ALL;
    }

    /**
     * @param id the instrument id
     * @return a copy restricted to every version of the instrument
     */
    public ResponseFilter instrument(String id) {
        return new ResponseFilter(Optional.of(id), Optional.empty(), from, to, agency, service, channel, province, status,
                attributes);
    }

    /**
     * @param id the instrument id
     * @param version the instrument version
     * @return a copy restricted to one instrument version
     */
    public ResponseFilter instrument(String id, String version) {
        return new ResponseFilter(Optional.of(id), Optional.of(version), from, to, agency, service, channel, province,
                status, attributes);
    }

    /**
     * @param fromInclusive the first instant
     * @param toExclusive the instant after the last
     * @return a copy restricted to responses submitted in the period
     */
    public ResponseFilter period(Instant fromInclusive, Instant toExclusive) {
        return new ResponseFilter(instrumentId, instrumentVersion, Optional.of(fromInclusive), Optional.of(toExclusive),
                agency, service, channel, province, status, attributes);
    }

    /**
     * @param value the agency
     * @return a copy restricted to the agency
     */
    public ResponseFilter agency(String value) {
        return new ResponseFilter(instrumentId, instrumentVersion, from, to, Optional.of(value), service, channel, province,
                status, attributes);
    }

    /**
     * @param value the service
     * @return a copy restricted to the service
     */
    public ResponseFilter service(String value) {
        return new ResponseFilter(instrumentId, instrumentVersion, from, to, agency, Optional.of(value), channel, province,
                status, attributes);
    }

    /**
     * @param value the channel
     * @return a copy restricted to the channel
     */
    public ResponseFilter channel(String value) {
        return new ResponseFilter(instrumentId, instrumentVersion, from, to, agency, service, Optional.of(value), province,
                status, attributes);
    }

    /**
     * @param value the province (respondent attribute {@code province})
     * @return a copy restricted to the province
     */
    public ResponseFilter province(String value) {
        return new ResponseFilter(instrumentId, instrumentVersion, from, to, agency, service, channel, Optional.of(value),
                status, attributes);
    }

    /**
     * @param value complete or in progress
     * @return a copy restricted to the status
     */
    public ResponseFilter status(ResponseStatus value) {
        return new ResponseFilter(instrumentId, instrumentVersion, from, to, agency, service, channel, province,
                Optional.of(value), attributes);
    }

    /**
     * @param name a respondent attribute
     * @param value its required value
     * @return a copy also requiring the attribute value
     */
    public ResponseFilter attribute(String name, String value) {
        TreeMap<String, String> copy = new TreeMap<>(attributes);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new ResponseFilter(instrumentId, instrumentVersion, from, to, agency, service, channel, province, status,
                copy);
    }
}
