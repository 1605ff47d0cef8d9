package org.civicsurvey.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Properties;

import org.civicsurvey.io.csv.CsvImportException;
import org.civicsurvey.io.json.InvalidJsonException;
import org.civicsurvey.io.surveyjs.SurveyJsException;
import org.civicsurvey.jdbc.BatchFailedException;
import org.civicsurvey.jdbc.InstrumentInUseException;
import org.civicsurvey.jdbc.SurveyStoreException;
import org.civicsurvey.model.InvalidModelException;
import org.civicsurvey.validation.InvalidResponseException;
import org.civicsurvey.weighting.WeightingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParseResult;

/**
 * {@code civicsurvey}: the library from the command line. Commands: {@code validate},
 * {@code import}, {@code report}, {@code export}, {@code erase}; {@code --help} on each. Exit codes:
 * {@link ExitCode}. Expected failures print one message naming the file, field or id and the problem
 * on stderr, no stack trace.
 */
@Command(name = "civicsurvey", mixinStandardHelpOptions = true, versionProvider = CivicSurveyCommand.Version.class,
    description = "Satisfaction surveys of public services: validate instruments and responses, import CSV into a store,"
        + " report SIPAS, SDG 16.6.2, A-11 and ACSI over a weighted, raked design, export, erase.",
    subcommands = {ValidateCommand.class, ImportCommand.class, ReportCommand.class, ExportCommand.class,
        EraseCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done; the input was valid",
        "1:invalid data: violations, rejected rows, malformed JSON or CSV, a design or margins that do not fit",
        "2:usage: an unknown option, a missing or malformed value",
        "3:a file cannot be read or written",
        "4:the store failed (cannot connect, a database error)",
        "5:not found in the store",
        "70:internal error (please report it, with the stack trace)"})
public final class CivicSurveyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public CivicSurveyCommand() {
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: validate, import, report, export or erase");
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with the exit codes and messages of {@link ExitCode}: run it with
     * {@code commandLine().execute(args)}; {@code setOut} and {@code setErr} redirect its output.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CivicSurveyCommand());
        cl.setExecutionExceptionHandler(CivicSurveyCommand::handle);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static int handle(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName(" ");
        int code = exitCode(e);
        if (code == ExitCode.USAGE) {
            err.println(name + ": " + e.getMessage());
            err.println("Try '" + name + " --help' for the options.");
            err.flush();
            return code;
        }
        if (code == ExitCode.INTERNAL) {
            err.println(name + ": internal error (please report it, with this stack trace): " + e);
            e.printStackTrace(err);
        } else {
            err.println(name + ": " + message(e));
        }
        err.flush();
        return code;
    }

    /**
     * The exit code of an exception.
     *
     * @param e the exception
     * @return its code
     */
    static int exitCode(Throwable e) {
        if (e instanceof CliException) {
            return ((CliException) e).exitCode();
        }
        if (e instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE;
        }
        if (e instanceof InvalidJsonException || e instanceof CsvImportException || e instanceof InvalidModelException
            || e instanceof InvalidResponseException || e instanceof WeightingException || e instanceof SurveyJsException
            || e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException) {
            return ExitCode.INVALID_DATA;
        }
        if (e instanceof InstrumentInUseException) {
            return ExitCode.INVALID_DATA;
        }
        if (e instanceof SurveyStoreException) {
            return ExitCode.STORE;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return ExitCode.IO;
        }
        if (e instanceof IllegalArgumentException) {
            // the library's word for data a computation cannot take: no response, a lonely PSU, a margin that does not fit
            return ExitCode.INVALID_DATA;
        }
        return ExitCode.INTERNAL;
    }

    private static String message(Throwable e) {
        Throwable io = e instanceof UncheckedIOException ? e.getCause() : e;
        if (io instanceof NoSuchFileException) {
            return ((NoSuchFileException) io).getFile() + ": no such file or directory";
        }
        if (io instanceof AccessDeniedException) {
            return ((AccessDeniedException) io).getFile() + ": permission denied";
        }
        if (io instanceof FileAlreadyExistsException) {
            return ((FileAlreadyExistsException) io).getFile() + ": exists and is not a directory";
        }
        if (io instanceof CharacterCodingException) {
            return "the file is not in the declared character set (default UTF-8); give it with --charset, e.g. --charset"
                + " windows-1258";
        }
        if (e instanceof CsvImportException) {
            CsvImportException c = (CsvImportException) e;
            StringBuilder sb = new StringBuilder(Messages.printable(c.getMessage()));
            if (c.problems().size() > 1 || !c.problems().isEmpty() && !c.problems().get(0).equals(c.getMessage())) {
                for (String p : c.problems()) {
                    sb.append(System.lineSeparator()).append("  ").append(Messages.printable(p));
                }
            }
            return sb.toString();
        }
        if (e instanceof BatchFailedException) {
            return "store: " + e.getMessage();
        }
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        StringBuilder sb = new StringBuilder();
        for (String line : m.split("\n", -1)) {
            sb.append(sb.length() == 0 ? "" : System.lineSeparator()).append(Messages.printable(line));
        }
        return sb.toString();
    }

    /** The version, from the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = CivicSurveyCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"civicsurvey " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
