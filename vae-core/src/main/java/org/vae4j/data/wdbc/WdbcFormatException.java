package org.vae4j.data.wdbc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when a WDBC source file does not have the layout expected of it (a row with the wrong number of cells,
 * a diagnosis other than {@code M}/{@code B} or {@code 0}/{@code 1}, a non-numeric or non-finite feature). The
 * message names the file, the row (1-based line) and the column (1-based).
 */
public final class WdbcFormatException extends IOException {
    private final transient Path file;
    private final long row;
    private final int column;

    /**
     * @param file    the file read
     * @param row     the 1-based row (line), or 0 if the problem is not one row's
     * @param column  the 1-based column, or 0 if the problem is not one cell's
     * @param problem what is wrong
     */
    public WdbcFormatException(Path file, long row, int column, String problem) {
        super(file + (row > 0 ? ", row " + row : "") + (column > 0 ? ", column " + column : "") + ": " + problem);
        this.file = file;
        this.row = row;
        this.column = column;
    }

    /** @return the file read */
    public Path file() {
        return file;
    }

    /** @return the 1-based row (line), or 0 */
    public long row() {
        return row;
    }

    /** @return the 1-based column, or 0 */
    public int column() {
        return column;
    }
}
