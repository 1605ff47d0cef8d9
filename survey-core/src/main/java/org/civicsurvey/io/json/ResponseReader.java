package org.civicsurvey.io.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.response.Transaction;

/** Decodes a response from a {@link Node} tree, collecting every problem. */
final class ResponseReader extends Decoding {
    static final String[] ROOT = {"$schema", "id", "instrumentId", "instrumentVersion", "status", "answers", "transaction",
        "respondent", "weight", "submittedAt"};

    Response read(Node root) {
        return read(root, "");
    }

    /** Reads a JSON array of responses; null when there are problems. */
    List<Response> readAll(Node root) {
        locate("", root);
        if (root.kind != Node.Kind.ARRAY) {
            add("", root, "must be an array of responses, not " + root.describe());
            return null;
        }
        List<Response> out = new ArrayList<>(root.items.size());
        for (int i = 0; i < root.items.size(); i++) {
            Response r = read(root.items.get(i), Messages.index("", i));
            if (r != null) {
                out.add(r);
            }
        }
        return out.size() == root.items.size() ? out : null;
    }

    Response read(Node root, String prefix) {
        Obj o = object(root, prefix, ROOT);
        if (o == null) {
            return null;
        }
        int mark = mark();
        string(o, "$schema", false);
        String id = string(o, "id", true);
        String instrumentId = string(o, "instrumentId", true);
        String instrumentVersion = string(o, "instrumentVersion", true);
        ResponseStatus status = ResponseStatus.COMPLETE;
        String statusName = string(o, "status", false);
        if (statusName != null) {
            status = ResponseStatus.fromJsonName(statusName).orElse(null);
            if (status == null) {
                add(o.child("status"), o.get("status"), Messages.quote(statusName) + " is not a status; use in_progress or complete");
            }
        }
        int answersMark = mark();
        Map<String, Answer> answers = answers(o);
        boolean answersOk = clean(answersMark);
        Transaction transaction = Transaction.none();
        Node t = o.get("transaction");
        if (t != null) {
            transaction = transaction(t, o.child("transaction"));
        }
        Map<String, String> respondent = new LinkedHashMap<>();
        Node r = o.get("respondent");
        if (r != null) {
            Obj ro = object(r, o.child("respondent"), r.fields.keySet().toArray(new String[0]));
            if (ro != null) {
                for (String key : r.fields.keySet()) {
                    String v = string(ro, key, true);
                    if (v != null) {
                        respondent.put(key, v);
                    }
                }
            }
        }
        Double weight = number(o, "weight", false);
        Instant submittedAt = instant(o, "submittedAt");
        if (!clean(mark) || !answersOk) {
            return null;
        }
        return new Response(id, instrumentId, instrumentVersion, status, answers, transaction, respondent,
                weight == null ? OptionalDouble.empty() : OptionalDouble.of(weight), Optional.ofNullable(submittedAt));
    }

    private Map<String, Answer> answers(Obj o) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        Node a = o.get("answers");
        if (a == null) {
            return answers;
        }
        if (a.kind != Node.Kind.OBJECT) {
            add(o.child("answers"), a, "must be an object of question id to answer, not " + a.describe());
            return answers;
        }
        for (Map.Entry<String, Node> e : a.fields.entrySet()) {
            String path = Messages.key(o.child("answers"), e.getKey());
            locate(path, e.getValue());
            Answer answer = answer(e.getValue(), path);
            if (answer != null) {
                answers.put(e.getKey(), answer);
            }
        }
        return answers;
    }

    private Answer answer(Node n, String path) {
        switch (n.kind) {
            case NUMBER: {
                Double d = number(n, path);
                return d == null ? null : new Answer.Numeric(d);
            }
            case STRING:
                return new Answer.Text(n.text);
            case ARRAY: {
                List<String> codes = codes(n.items, path);
                return codes == null ? null : new Answer.Choice(codes, Optional.empty());
            }
            case OBJECT: {
                if (n.fields.containsKey("special")) {
                    Obj o = object(n, path, "special");
                    String name = string(o, "special", true);
                    if (name == null) {
                        return null;
                    }
                    Optional<SpecialStatus> s = SpecialStatus.fromJsonName(name);
                    if (s.isEmpty()) {
                        add(o.child("special"), o.get("special"), Messages.quote(name)
                                + " is not a special answer; use dont_know, not_applicable or refused");
                        return null;
                    }
                    return new Answer.Special(s.get());
                }
                Obj o = object(n, path, "choices", "other");
                if (o == null) {
                    return null;
                }
                int mark = mark();
                List<Node> items = array(o, "choices", true);
                String other = string(o, "other", false);
                List<String> codes = items == null ? null : codes(items, o.child("choices"));
                return clean(mark) && codes != null ? new Answer.Choice(codes, Optional.ofNullable(other)) : null;
            }
            default:
                add(path, n, "an answer must be a number, a string, an array of option codes, {\"choices\": [...], "
                        + "\"other\": \"...\"} or {\"special\": \"dont_know\"}, not " + n.describe());
                return null;
        }
    }

    private List<String> codes(List<Node> items, String path) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Node c = items.get(i);
            if (c.kind != Node.Kind.STRING) {
                add(Messages.index(path, i), c, "an option code must be a string, not " + c.describe());
            } else {
                out.add(c.text);
            }
        }
        return out.size() == items.size() ? out : null;
    }

    private Transaction transaction(Node n, String path) {
        Obj o = object(n, path, "caseFileId", "agency", "service", "channel", "time");
        if (o == null) {
            return null;
        }
        String caseFileId = string(o, "caseFileId", false);
        String agency = string(o, "agency", false);
        String service = string(o, "service", false);
        String channel = string(o, "channel", false);
        Instant time = instant(o, "time");
        return new Transaction(Optional.ofNullable(caseFileId), Optional.ofNullable(agency), Optional.ofNullable(service),
                Optional.ofNullable(channel), Optional.ofNullable(time));
    }

    private Instant instant(Obj o, String key) {
        String s = string(o, key, false);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            add(o.child(key), o.get(key), Messages.quote(s) + " is not an ISO-8601 date-time with offset, such as 2024-05-01T09:30:00Z");
            return null;
        }
    }
}
