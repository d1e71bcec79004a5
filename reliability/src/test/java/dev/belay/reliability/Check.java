package dev.belay.reliability;

/** One invariant for one case. */
record Check(String invariant, Outcome outcome, String detail) {

    enum Outcome {
        HELD("✔"), FAILED("✘"), NOT_APPLICABLE("n/a");

        final String mark;

        Outcome(String mark) {
            this.mark = mark;
        }
    }

    static Check held(String invariant, String detail) {
        return new Check(invariant, Outcome.HELD, detail);
    }

    static Check failed(String invariant, String detail) {
        return new Check(invariant, Outcome.FAILED, detail);
    }

    static Check notApplicable(String invariant, String detail) {
        return new Check(invariant, Outcome.NOT_APPLICABLE, detail);
    }

    static Check of(String invariant, boolean held, String detail) {
        return held ? held(invariant, detail) : failed(invariant, detail);
    }
}
