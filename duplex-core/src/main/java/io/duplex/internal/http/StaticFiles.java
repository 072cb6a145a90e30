package io.duplex.internal.http;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;
import io.duplex.protocol.http.HttpStatus;

/**
 * Answers plain HTTP requests with the files under one directory: GET and HEAD, {@code index.html}
 * for a directory, the Content-Type from the file name, and nothing outside the directory however
 * the path is spelled.
 */
public final class StaticFiles {

    /** Files larger than this are refused: they are read whole into memory. */
    static final long MAX_FILE_SIZE = 16L * 1024 * 1024;

    private final Path root;

    /**
     * @param root the directory to serve
     * @throws IOException when it cannot be resolved
     */
    public StaticFiles(Path root) throws IOException {
        this.root = root.toRealPath();
        if (!Files.isDirectory(this.root)) {
            throw new IOException("not a directory: " + root);
        }
    }

    /**
     * The response to a request.
     *
     * @param request the request head
     * @return the response, with its body unless the method was HEAD
     */
    public HttpResponseHead respond(HttpRequestHead request) {
        String method = request.method();
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            return HttpResponseHead.of(HttpStatus.METHOD_NOT_ALLOWED,
                    HttpHeaders.of("Allow", "GET, HEAD", "Content-Type", "text/plain; charset=utf-8"),
                    "only GET and HEAD are served here\n".getBytes(StandardCharsets.UTF_8));
        }
        Path file = resolve(request.target());
        if (file == null) {
            return notFound();
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_SIZE) {
                return text(HttpStatus.CONTENT_TOO_LARGE, "file too large to serve");
            }
            HttpHeaders headers = HttpHeaders.of("Content-Type", ContentTypes.of(file.getFileName().toString()),
                    "Cache-Control", "no-cache");
            if (head) {
                // HEAD: the headers GET would send, Content-Length included, and no body (RFC 9110 9.3.2).
                return HttpResponseHead.of(HttpStatus.OK, headers.toBuilder()
                        .add("Content-Length", Long.toString(size)).build());
            }
            return HttpResponseHead.of(HttpStatus.OK, headers, Files.readAllBytes(file));
        } catch (IOException e) {
            return notFound();
        }
    }

    /**
     * The file a request target names, or null when there is none inside the root. The path is
     * percent-decoded, then resolved and normalised; anything that leaves the root (by {@code ..},
     * an encoded slash or a symbolic link) is refused.
     */
    private Path resolve(String target) {
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        if (!rawPath.startsWith("/")) {
            return null;
        }
        String path;
        try {
            path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return null;
        }
        if (path.indexOf('\0') >= 0 || path.contains("\\")) {
            return null;
        }
        try {
            Path candidate = root.resolve(path.substring(1)).normalize();
            if (Files.isDirectory(candidate)) {
                candidate = candidate.resolve("index.html");
            }
            if (!Files.isRegularFile(candidate)) {
                return null;
            }
            Path real = candidate.toRealPath();
            return real.startsWith(root) ? real : null;
        } catch (InvalidPathException | IOException e) {
            return null;
        }
    }

    private static HttpResponseHead notFound() {
        return text(HttpStatus.NOT_FOUND, "not found");
    }

    private static HttpResponseHead text(int status, String message) {
        return HttpResponseHead.of(status, HttpHeaders.of("Content-Type", "text/plain; charset=utf-8"),
                (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
