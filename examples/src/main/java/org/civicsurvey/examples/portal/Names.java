package org.civicsurvey.examples.portal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Display names of agencies, services, channels and provinces, read from data
 * ({@code names.csv}: {@code kind,id,vi,en}); an id without a name is shown as it is.
 */
@Component
public class Names {
    private final Map<String, String[]> names = new HashMap<>();

    /** Reads {@code names.csv} from the class path. */
    public Names() {
        try (InputStream in = new ClassPathResource("names.csv").getInputStream();
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = r.readLine(); // header
            int row = 1;
            while ((line = r.readLine()) != null) {
                row++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 4) {
                    throw new IllegalStateException("names.csv row " + row + " has " + f.length + " fields; must have 4");
                }
                names.put(f[0] + "=" + f[1], new String[] {f[2], f[3]});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read names.csv", e);
        }
    }

    /**
     * A display name.
     *
     * @param kind agency, service, channel or province
     * @param id the id
     * @param locale the reader's locale (Vietnamese, or English for anything else)
     * @return the name, or the id
     */
    public String name(String kind, String id, Locale locale) {
        String[] n = names.get(kind + "=" + id);
        if (n == null) {
            return id;
        }
        return "vi".equals(locale.getLanguage()) ? n[0] : n[1];
    }

    /**
     * Every name of one language, keyed {@code kind=id}, as report labels.
     *
     * @param locale the language
     * @return the labels
     */
    public Map<String, String> labels(Locale locale) {
        Map<String, String> out = new HashMap<>();
        names.forEach((k, v) -> out.put(k, "vi".equals(locale.getLanguage()) ? v[0] : v[1]));
        return out;
    }
}
