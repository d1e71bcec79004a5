package dev.belay.core;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j-simple with an MDC that keeps what is put in it (slf4j-simple's own keeps nothing), so that
 * tests can see the job GUID the loop's lines carry. Named in {@code slf4j.provider} by this module's
 * test runs (pom.xml).
 */
public final class SimpleWithMdc extends SimpleServiceProvider {

    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }
}
