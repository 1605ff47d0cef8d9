package org.civicsurvey.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.civicsurvey.jdbc.SurveyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code civicsurvey erase}: removes a respondent's responses from a store (a data subject's request),
 * by response id or by the case file they rated; {@code --anonymise} keeps what aggregates use and
 * removes what identifies the person.
 */
@Command(name = "erase", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
    description = {"Erases responses from a store: by response id, or every response to a case file.",
        "With --anonymise the respondent attributes, free text and case file id are removed and the ratings kept, so"
            + " published aggregates stay the same. Exits with 5 when an id is not in the store (the others are erased)."},
    footer = {"%nExample:",
        "  civicsurvey erase --jdbc-url jdbc:postgresql://localhost:5432/survey r-0001 r-0002"})
final class EraseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RESPONSE_ID", arity = "0..*", description = "The ids of the responses to erase.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--case-file", paramLabel = "ID", description = "Erase every response to this case file (repeatable).")
    List<String> caseFiles = new ArrayList<>();

    @Option(names = "--anonymise", description = "Anonymise instead of deleting: keep the ratings, remove what identifies.")
    boolean anonymise;

    @Mixin
    StoreConnection store = new StoreConnection();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!store.present()) {
            throw new CliException(ExitCode.USAGE, "give the store: --jdbc-url URL");
        }
        if (ids.isEmpty() && caseFiles.isEmpty()) {
            throw new CliException(ExitCode.USAGE, "give a response id or --case-file ID");
        }
        SurveyStore s = store.open();
        Set<String> targets = new LinkedHashSet<>(ids);
        int missing = 0;
        for (String caseFile : caseFiles) {
            List<String> found = s.responseIdsForCaseFile(caseFile);
            if (found.isEmpty()) {
                err.println("case file '" + Messages.clean(caseFile) + "': no response in the store");
                missing++;
            }
            targets.addAll(found);
        }
        String verb = anonymise ? "anonymised" : "erased";
        for (String id : targets) {
            boolean done = anonymise ? s.anonymise(id) : s.erase(id);
            if (done) {
                out.println(verb + " " + Messages.clean(id));
            } else {
                err.println("response '" + Messages.clean(id) + "': not in the store");
                missing++;
            }
        }
        return missing == 0 ? ExitCode.OK : ExitCode.NOT_FOUND;
    }
}
