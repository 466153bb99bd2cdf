package nimbus.shared.files;

/** An upload as received: the client's filename and declared content type, and the bytes. */
public record NewFile(String filename, String declaredType, byte[] data) {}
