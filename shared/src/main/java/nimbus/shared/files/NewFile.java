package nimbus.shared.files;

import nimbus.shared.ByteSlice;

/** An upload as received: the client's filename and declared content type, and the bytes. */
public record NewFile(String filename, String declaredType, ByteSlice content) {
    public NewFile(String filename, String declaredType, byte[] data) {
        this(filename, declaredType, ByteSlice.of(data));
    }

    public long size() {
        return content.length();
    }
}
