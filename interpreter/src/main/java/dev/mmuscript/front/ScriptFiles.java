package dev.mmuscript.front;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads script files with care: only regular files (not devices, FIFOs or directories), at most
 * {@link #MAX_BYTES}, strictly UTF-8. A file refused is never read, so its content never reaches a diagnostic.
 */
public final class ScriptFiles {
    /** The largest script or included file: 1 MiB, far above any real script. */
    public static final int MAX_BYTES = 1 << 20;

    private ScriptFiles() {
    }

    /** Why a file could not be read, in words for a diagnostic ("is not a regular file", ...). */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why, null);
        }
    }

    /** The file's text; {@link Refused} says why not. */
    public static String read(Path file) throws Refused {
        if (!Files.exists(file)) {
            throw new Refused("no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new Refused(Files.isDirectory(file) ? "is a directory" : "is not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new Refused("no such file");
        } catch (IOException e) {
            throw new Refused("cannot be read");
        }
        if (bytes.length > MAX_BYTES) {
            throw new Refused("is larger than 1 MiB, the limit for a script");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused("is not UTF-8 text");
        }
    }
}
