package dev.mmuscript.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Reading and writing one golden file, safely: only a regular file (never through a symbolic link, dangling or
 * not), read as strict UTF-8, written atomically (a temporary file in the same folder, then a rename). Every
 * problem comes back as a sentence for the test's failure message, never as an exception.
 */
final class GoldenFile {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private GoldenFile() {
    }

    /** A golden's text, or that it is missing, or why it cannot be used. */
    record Read(String text, boolean missing, String problem) {
    }

    static Read read(Path golden) {
        String refusal = refusal(golden);
        if (refusal != null) {
            return new Read(null, false, refusal);
        }
        if (!Files.exists(golden, NOFOLLOW)) {
            return new Read(null, true, null);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(golden);
        } catch (IOException e) {
            return new Read(null, false, "cannot read " + golden + ": " + reason(e));
        }
        try {
            return new Read(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString(),
                    false, null);
        } catch (CharacterCodingException e) {
            return new Read(null, false, golden + " is not UTF-8 text");
        }
    }

    /** Writes {@code text} as the golden, atomically; null when done, else why not. */
    static String write(Path golden, String text) {
        String refusal = refusal(golden);
        if (refusal != null) {
            return "refused to write: " + refusal;
        }
        if (Files.exists(golden, NOFOLLOW) && !Files.isWritable(golden)) {
            return "cannot write " + golden + ": it is read-only";
        }
        Path dir = golden.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + golden.getFileName() + ".", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            permissions(tmp, golden);
            Files.move(tmp, golden, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return null;
        } catch (IOException e) {
            return "cannot write " + golden + ": " + reason(e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Removes a golden of the wrong kind (a regular file only); null when done, else why not. */
    static String remove(Path golden) {
        String refusal = refusal(golden);
        if (refusal != null) {
            return "refused to remove: " + refusal;
        }
        try {
            Files.deleteIfExists(golden);
            return null;
        } catch (IOException e) {
            return "cannot remove " + golden + ": " + reason(e);
        }
    }

    /** Why a golden may not be read or written: it is a symbolic link or not a regular file; null if it may. */
    static String refusal(Path golden) {
        if (Files.isSymbolicLink(golden)) {
            return golden + " is a symbolic link" + (Files.exists(golden) ? "" : " to nothing")
                    + "; a golden must be a regular file beside its script";
        }
        if (Files.exists(golden, NOFOLLOW) && !Files.isRegularFile(golden, NOFOLLOW)) {
            return golden + " is not a regular file; a golden must be a regular file beside its script";
        }
        return null;
    }

    /** A temporary file is private; the golden it becomes keeps the old golden's permissions, or rw-r--r--. */
    private static void permissions(Path tmp, Path golden) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        view.setPermissions(Files.exists(golden, NOFOLLOW) ? Files.getPosixFilePermissions(golden, NOFOLLOW)
                : NEW_FILE);
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // The rename failed and so did the clean-up: the failure message already says why.
        }
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
