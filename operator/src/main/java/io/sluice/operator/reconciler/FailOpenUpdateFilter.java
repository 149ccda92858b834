package io.sluice.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An update filter that never throws: it runs on the informer's thread, where an exception would lose
 * the event. When the wrapped filter fails, the event is passed on (a needless reconcile is harmless,
 * a missed one is not), and the first failure is logged with the resource's name; later ones would
 * only repeat it for every event.
 */
final class FailOpenUpdateFilter<R extends HasMetadata> implements OnUpdateFilter<R> {
    private static final Logger log = LoggerFactory.getLogger(FailOpenUpdateFilter.class);

    private final OnUpdateFilter<R> filter;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    FailOpenUpdateFilter(OnUpdateFilter<R> filter) {
        this.filter = filter;
    }

    @Override
    public boolean accept(R now, R before) {
        try {
            return filter.accept(now, before);
        } catch (RuntimeException | LinkageError e) {
            if (failureLogged.compareAndSet(false, true)) {
                log.error("update filter failed on {} {}/{}; passing this and later events on unfiltered",
                        now.getKind(), now.getMetadata().getNamespace(), now.getMetadata().getName(), e);
            }
            return true;
        }
    }
}
