package org.vae4j.data.table;

import java.nio.file.Path;
import org.vae4j.data.InvalidDataException;

/**
 * A CSV table that cannot be read as the schema or the fitted preprocessing asks: an empty file, a header without
 * rows, duplicate column names, a ragged row, a non-numeric, NaN or infinite cell in a numeric column, a third value
 * in a binary column, a column named in the schema that the file lacks, or at scoring time a missing column or a
 * category the training data did not have.
 *
 * <p>The message names the file, the line (1-based; the header is line 1) and the column where they apply; the same
 * are available as {@link #file()}, {@link #line()} and {@link #column()}. {@link #example()} is the 0-based data
 * row ({@code line - 2} for a file without quoted line breaks), or -1.
 */
public class TableFormatException extends InvalidDataException {
    private static final long serialVersionUID = 1L;

    /** The file, as a string (paths are not serializable). */
    private final String file;
    private final long line;
    private final String column;

    /**
     * @param file the CSV file
     * @param line the 1-based line number (the header is line 1), or -1 if the problem is not one line's
     * @param example the 0-based data row, or -1
     * @param column the column name, or null if the problem is not one column's
     * @param problem what is wrong, without the file, line and column (they are prefixed)
     */
    public TableFormatException(Path file, long line, long example, String column, String problem) {
        super(String.valueOf(file), example, file + (line > 0 ? ", line " + line : "")
                + (column != null ? ", column '" + column + "'" : "") + ": " + problem);
        this.file = String.valueOf(file);
        this.line = line;
        this.column = column;
    }

    /** @return the file, as given */
    public String file() {
        return file;
    }

    /** @return the 1-based line number (header = 1), or -1 */
    public long line() {
        return line;
    }

    /** @return the column name, or null */
    public String column() {
        return column;
    }
}
