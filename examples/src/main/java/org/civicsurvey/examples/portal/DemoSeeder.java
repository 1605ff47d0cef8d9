package org.civicsurvey.examples.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.civicsurvey.examples.data.DemoData;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.jdbc.BatchResult;
import org.civicsurvey.jdbc.ResponseFilter;
import org.civicsurvey.jdbc.SaveOutcome;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The demo's data: into an empty store, {@code portal.demo-responses} ratings of the demo sample
 * ({@link DemoData}, seed 2026); into an empty case-file record, {@code portal.demo-case-files}
 * completed, unrated case files. When the portal is up it prints where to look, with a rating link
 * of an unrated case file.
 */
@Component
public class DemoSeeder implements ApplicationRunner {
    private static final long SEED = 2026;
    private final SurveyStore store;
    private final Instrument instrument;
    private final CaseFileRegistry caseFiles;
    private final RatingLinks links;
    private final PortalProperties properties;
    private final Clock clock;

    DemoSeeder(SurveyStore store, Instrument portalInstrument, CaseFileRegistry caseFiles, RatingLinks links,
               PortalProperties properties, Clock clock) {
        this.store = store;
        this.instrument = portalInstrument;
        this.caseFiles = caseFiles;
        this.links = links;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean sipas = instrument.id().equals(StandardInstruments.SIPAS_2017);
        if (sipas && properties.demoResponses() > 0
            && store.count(ResponseFilter.all().instrument(instrument.id(), instrument.version())) == 0) {
            Runnable seed = () -> {
                BatchResult result = store.saveAll(DemoData.generate(properties.demoResponses(), SEED).responses());
                System.out.println("portal: seeded " + result.count(SaveOutcome.STORED) + " demo ratings");
            };
            if (properties.demoInBackground()) {
                // the portal serves at once; the dashboard fills as the chunks commit
                System.out.println("portal: seeding " + properties.demoResponses() + " demo ratings in the background");
                Thread t = new Thread(seed, "portal-demo-seed");
                t.setDaemon(true);
                t.start();
            } else {
                seed.run();
            }
        }
        if (properties.demoCaseFiles() > 0 && caseFiles.count() == 0) {
            Instant now = clock.instant();
            for (int i = 1; i <= properties.demoCaseFiles(); i++) {
                int service = (i * 7) % DemoData.SERVICES;
                caseFiles.complete(new CaseFileRegistry.CaseFile(String.format(Locale.ROOT, "H56.22-%06d", i),
                    DemoData.AGENCIES.get(DemoData.agencyOfService(service)), DemoData.SERVICE_IDS.get(service),
                    DemoData.CHANNELS.get(i % DemoData.CHANNELS.size()), DemoData.PROVINCES_IDS.get((i * 11) % DemoData.PROVINCES),
                    now.minus(Duration.ofHours(i))));
            }
        }
    }

    /**
     * Prints the addresses once the portal serves.
     *
     * @param event the event
     */
    @EventListener
    public void ready(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String host = env.getProperty("server.address", "localhost");
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + env.getProperty("local.server.port");
        System.out.println("CivicSurvey portal: " + base + "/dashboard");
        List<String> unrated = caseFiles.firstIds(properties.demoCaseFiles() + 1).stream()
            .filter(id -> store.responseIdsForCaseFile(id).isEmpty()).limit(1).toList();
        unrated.forEach(id -> caseFiles.find(id).ifPresent(cf ->
            System.out.println("  rate a case file: " + base + links.path(cf.id(), cf.completedAt()))));
        System.out.println("  administration:   " + base + "/admin");
        System.out.println("  API description:  " + base + "/v3/api-docs");
        System.out.println("Press Ctrl-C to stop.");
    }
}
