package io.github.dl4jpruning.sparse;

import java.util.Arrays;

/**
 * A matrix in compressed sparse row form: the non-zero {@code values} (float32) of each row, their
 * {@code columnIndices}, and {@code rowPointers} ({@code rows + 1} entries: row {@code r} holds entries
 * {@code rowPointers[r] .. rowPointers[r + 1] - 1}).
 *
 * <pre>{@code
 * CsrMatrix m = CsrMatrix.fromDense(new float[] {0, 2, 0, 3}, 2, 2);   // values [2, 3], columns [1, 1], rows [0, 1, 2]
 * float[] back = m.toDense();
 * }</pre>
 *
 * @param rows          number of rows
 * @param cols          number of columns
 * @param values        the non-zero values, row by row
 * @param columnIndices the column of each value
 * @param rowPointers   where each row starts in {@code values}, plus the total at the end
 */
public record CsrMatrix(int rows, int cols, float[] values, int[] columnIndices, int[] rowPointers) {

    public CsrMatrix {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows and cols must be >= 0, got " + rows + " x " + cols);
        }
        if (values.length != columnIndices.length) {
            throw new IllegalArgumentException(values.length + " values but " + columnIndices.length
                    + " column indices; expected the same number");
        }
        if (rowPointers.length != rows + 1 || rowPointers[0] != 0 || rowPointers[rows] != values.length) {
            throw new IllegalArgumentException("rowPointers must have rows + 1 = " + (rows + 1) + " entries from 0 to "
                    + values.length + ", got " + rowPointers.length + " entries "
                    + (rowPointers.length == 0 ? "" : "from " + rowPointers[0] + " to " + rowPointers[rowPointers.length - 1]));
        }
        for (int r = 0; r < rows; r++) {
            if (rowPointers[r + 1] < rowPointers[r]) {
                throw new IllegalArgumentException("rowPointers must not decrease, got " + rowPointers[r] + " then "
                        + rowPointers[r + 1] + " at row " + r);
            }
        }
        for (int c : columnIndices) {
            if (c < 0 || c >= cols) {
                throw new IllegalArgumentException("column index " + c + " outside [0, " + cols + ")");
            }
        }
    }

    /** The CSR form of a row-major {@code rows x cols} matrix; exact zeros are dropped. */
    public static CsrMatrix fromDense(float[] rowMajor, int rows, int cols) {
        if (rowMajor.length != (long) rows * cols) {
            throw new IllegalArgumentException("expected " + rows + " x " + cols + " = " + (long) rows * cols
                    + " values, got " + rowMajor.length);
        }
        int nnz = 0;
        for (float v : rowMajor) {
            if (v != 0) {
                nnz++;
            }
        }
        float[] values = new float[nnz];
        int[] columns = new int[nnz];
        int[] pointers = new int[rows + 1];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float v = rowMajor[r * cols + c];
                if (v != 0) {
                    values[k] = v;
                    columns[k++] = c;
                }
            }
            pointers[r + 1] = k;
        }
        return new CsrMatrix(rows, cols, values, columns, pointers);
    }

    /** Non-zero entries. */
    public int nonZeros() {
        return values.length;
    }

    /** The row-major dense matrix. */
    public float[] toDense() {
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int k = rowPointers[r]; k < rowPointers[r + 1]; k++) {
                out[r * cols + columnIndices[k]] = values[k];
            }
        }
        return out;
    }

    /** Bytes of the three arrays: 4 per value, 4 per column index, 4 per row pointer. */
    public long payloadBytes() {
        return 4L * values.length + 4L * columnIndices.length + 4L * rowPointers.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsrMatrix m && rows == m.rows && cols == m.cols && Arrays.equals(values, m.values)
                && Arrays.equals(columnIndices, m.columnIndices) && Arrays.equals(rowPointers, m.rowPointers);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "CsrMatrix[" + rows + " x " + cols + ", " + values.length + " non-zeros]";
    }
}
