package org.civicsurvey.examples;

/** Placeholder entry point replaced by the quick start once the model lands. */
public final class QuickStart {
    private QuickStart() {
    }

    /**
     * Runs the quick start.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("CivicSurvey");
    }
}
