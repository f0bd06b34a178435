package org.vae4j.console;

/**
 * Two numbers written {@code a-b}: two labels ({@code 1-7}: a 1 and a 7) or two image indices.
 *
 * @param from the first
 * @param to the second
 */
public record ImagePair(int from, int to) {

    /**
     * Parses {@code "1-7"}.
     *
     * @param option the option it was given to, for the message
     * @param text the text
     * @return the pair
     * @throws IllegalArgumentException naming the option if the text is not two non-negative integers joined by '-'
     */
    public static ImagePair parse(String option, String text) {
        String[] parts = text.strip().split("-");
        try {
            if (parts.length == 2) {
                return new ImagePair(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " takes pairs like 1-7, got '" + text + "'");
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }
}
