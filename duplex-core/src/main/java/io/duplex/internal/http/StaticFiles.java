package io.duplex.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;
import io.duplex.protocol.http.HttpStatus;

/**
 * Answers plain HTTP requests with files: those under one directory, or resources under one name on
 * the class path (pages packed in a jar). GET and HEAD, {@code index.html} for a directory, the
 * Content-Type from the file name, and nothing outside the directory however the path is spelled.
 */
public final class StaticFiles {

    /** Files larger than this are refused: they are read whole into memory. */
    static final long MAX_FILE_SIZE = 16L * 1024 * 1024;

    /** Where the files come from. */
    private interface Source {
        /** @return the file at a decoded, absolute request path, or null when there is none */
        Found find(String path) throws IOException;
    }

    /** A file found: its name (for the Content-Type), its size and how to read it. */
    private record Found(String name, long size, Reader reader) {
    }

    @FunctionalInterface
    private interface Reader {
        byte[] read() throws IOException;
    }

    private final Source source;

    /**
     * @param root the directory to serve
     * @throws IOException when it cannot be resolved
     */
    public StaticFiles(Path root) throws IOException {
        Path real = root.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new IOException("not a directory: " + root);
        }
        this.source = path -> {
            Path file = resolve(real, path);
            return file == null ? null
                    : new Found(file.getFileName().toString(), Files.size(file), () -> Files.readAllBytes(file));
        };
    }

    private StaticFiles(Source source) {
        this.source = source;
    }

    /**
     * Files packed as class path resources, such as the pages of an application in its jar.
     *
     * @param loader the class loader that finds them
     * @param base   the resource name of the directory, such as {@code io/duplex/demo/pages}
     * @return files served from there
     */
    public static StaticFiles classpath(ClassLoader loader, String base) {
        String prefix = base.endsWith("/") ? base : base + "/";
        // Resources do not change while the program runs: each is read once. Only files found are
        // kept, so the cache is bounded by what the jar holds, not by what clients ask for.
        Map<String, Found> found = new ConcurrentHashMap<>();
        return new StaticFiles(path -> {
            Found cached = found.get(path);
            if (cached != null) {
                return cached;
            }
            String name = path.endsWith("/") ? path + "index.html" : path;
            // Resource names have no "." or ".." segments: a path with any is simply not found.
            for (String segment : name.substring(1).split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    return null;
                }
            }
            URL url = loader.getResource(prefix + name.substring(1));
            if (url == null) {
                return null;
            }
            byte[] bytes;
            try (InputStream in = url.openStream()) {
                bytes = in.readNBytes((int) MAX_FILE_SIZE + 1);
            }
            int slash = name.lastIndexOf('/');
            Found file = new Found(name.substring(slash + 1), bytes.length, () -> bytes);
            if (bytes.length <= MAX_FILE_SIZE) {
                found.put(path, file);
            }
            return file;
        });
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
        try {
            String path = decodedPath(request.target());
            Found file = path == null ? null : source.find(path);
            if (file == null) {
                return notFound();
            }
            long size = file.size();
            if (size > MAX_FILE_SIZE) {
                return text(HttpStatus.CONTENT_TOO_LARGE, "file too large to serve");
            }
            HttpHeaders headers = HttpHeaders.of("Content-Type", ContentTypes.of(file.name()),
                    "Cache-Control", "no-cache");
            if (head) {
                // HEAD: the headers GET would send, Content-Length included, and no body (RFC 9110 9.3.2).
                return HttpResponseHead.of(HttpStatus.OK, headers.toBuilder()
                        .add("Content-Length", Long.toString(size)).build());
            }
            return HttpResponseHead.of(HttpStatus.OK, headers, file.reader().read());
        } catch (IOException e) {
            return notFound();
        }
    }

    /**
     * The percent-decoded path of a request target, or null when it is not a plain absolute path
     * (no NUL, no backslash).
     */
    private static String decodedPath(String target) {
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
        return path;
    }

    /**
     * The file a decoded path names, or null when there is none inside the root. The path is
     * resolved and normalised; anything that leaves the root (by {@code ..}, an encoded slash or a
     * symbolic link) is refused.
     */
    private static Path resolve(Path root, String path) {
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
