package org.civicsurvey.analysis.reliability;

import java.util.Objects;
import java.util.Set;

/**
 * Which items of a scale are reverse-keyed (scored in the opposite direction to the scale).
 *
 * <p>A reversed item {@code x} is rescored as {@code min + max - x}, where {@code min} and
 * {@code max} are the smallest and largest answers observed over all items of the block, exactly
 * as {@code psych::alpha} does; its covariances change sign.
 */
public final class ItemKeys {
    private static final ItemKeys NONE = new ItemKeys(Set.of(), false);
    private static final ItemKeys DETECT = new ItemKeys(Set.of(), true);

    private final Set<String> reversed;
    private final boolean detect;

    private ItemKeys(Set<String> reversed, boolean detect) {
        this.reversed = reversed;
        this.detect = detect;
    }

    /**
     * No item is reversed.
     *
     * @return the keys
     */
    public static ItemKeys none() {
        return NONE;
    }

    /**
     * The named items are reversed ({@code psych::alpha(x, keys = ...)}).
     *
     * @param items names of the reverse-keyed items; each must name an item of the analysed block
     * @return the keys
     */
    public static ItemKeys reversed(String... items) {
        Objects.requireNonNull(items, "items");
        for (String item : items) {
            Objects.requireNonNull(item, "reversed item name");
        }
        return new ItemKeys(Set.of(items), false);
    }

    /**
     * Items are reversed when their loading on the first principal component of the item
     * correlation matrix is negative, the component's sign chosen so that its loadings sum to a
     * non-negative number; exactly {@code psych::alpha(x, check.keys = TRUE)}, which calls
     * {@code psych::principal} on the pairwise correlations.
     *
     * @return the keys
     */
    public static ItemKeys detect() {
        return DETECT;
    }

    /**
     * The declared reversed items (empty for {@link #none()} and {@link #detect()}).
     *
     * @return the names
     */
    public Set<String> declared() {
        return reversed;
    }

    /**
     * Whether the keys are detected from the data.
     *
     * @return true for {@link #detect()}
     */
    public boolean detected() {
        return detect;
    }

    @Override
    public String toString() {
        return detect ? "ItemKeys[detect]" : "ItemKeys" + reversed;
    }
}
