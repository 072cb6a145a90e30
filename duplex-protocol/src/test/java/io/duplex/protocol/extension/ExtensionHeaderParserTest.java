package io.duplex.protocol.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code Sec-WebSocket-Extensions} grammar of RFC 6455 section 9.1, every production and its failures. */
class ExtensionHeaderParserTest {

    private static List<ExtensionSpec> parsed(ExtensionHeaderParser.Result result) {
        assertThat(result).isInstanceOf(ExtensionHeaderParser.Parsed.class);
        return ((ExtensionHeaderParser.Parsed) result).extensions();
    }

    private static List<ExtensionSpec> parse(String... fields) {
        return parsed(ExtensionHeaderParser.parse(List.of(fields)));
    }

    private static ExtensionSpec spec(String name, ExtensionParameter... params) {
        return new ExtensionSpec(name, List.of(params));
    }

    private static ExtensionParameter param(String name, String value) {
        return new ExtensionParameter(name, value);
    }

    @Test
    void anExtensionTokenAlone() {
        assertThat(parse("permessage-deflate")).containsExactly(ExtensionSpec.of("permessage-deflate"));
    }

    @Test
    void rfc7692ExampleOfTwoOffersOneWithAQuotedValue() {
        assertThat(parse("permessage-deflate; client_max_window_bits, permessage-deflate; server_max_window_bits=\"10\""))
                .containsExactly(
                        spec("permessage-deflate", ExtensionParameter.flag("client_max_window_bits")),
                        spec("permessage-deflate", param("server_max_window_bits", "10")));
    }

    @Test
    void rfc7692ExampleOfAnOfferWithSeveralParameters() {
        assertThat(parse("permessage-deflate; client_no_context_takeover; server_max_window_bits=10"))
                .containsExactly(spec("permessage-deflate",
                        ExtensionParameter.flag("client_no_context_takeover"),
                        param("server_max_window_bits", "10")));
    }

    @Test
    void rfc6455Section91SeveralFieldsAreOneList() {
        List<ExtensionSpec> split = parse("foo", "bar; baz=2");
        assertThat(split).containsExactly(ExtensionSpec.of("foo"), spec("bar", param("baz", "2")));
        assertThat(parse("foo, bar; baz=2")).isEqualTo(split);
    }

    @Test
    void rfc6455Section91NonNormativeExamples() {
        assertThat(parse("deflate-stream")).containsExactly(ExtensionSpec.of("deflate-stream"));
        assertThat(parse("mux; max-channels=4; flow-control, deflate-stream")).containsExactly(
                spec("mux", param("max-channels", "4"), ExtensionParameter.flag("flow-control")),
                ExtensionSpec.of("deflate-stream"));
        assertThat(parse("private-extension")).containsExactly(ExtensionSpec.of("private-extension"));
    }

    @Test
    void optionalWhitespaceAroundSemicolonsCommasAndEquals() {
        assertThat(parse(" \ta \t; \tb \t= \t1 \t;c\t,\t d ; e = \"f\" \t"))
                .containsExactly(spec("a", param("b", "1"), ExtensionParameter.flag("c")), spec("d", param("e", "f")));
    }

    @Test
    void rfc7230Section7EmptyListElementsAreSkipped() {
        assertThat(parse(", a ,, b ,")).containsExactly(ExtensionSpec.of("a"), ExtensionSpec.of("b"));
    }

    @Test
    void quotedStringsAreUnescaped() {
        assertThat(parse("x; p=\"a\\b\\c\"")).containsExactly(spec("x", param("p", "abc")));
    }

    @Test
    void commasAndSemicolonsInsideQuotesDoNotSplitButMakeTheValueNotAToken() {
        // RFC 6455 section 9.1: the unescaped value MUST be a token, and ',' and ';' are delimiters.
        assertThat(ExtensionHeaderParser.parse("x; p=\"a,b\", y")).isInstanceOf(ExtensionHeaderParser.Malformed.class);
        assertThat(ExtensionHeaderParser.parse("x; p=\"a;b\"")).isInstanceOf(ExtensionHeaderParser.Malformed.class);
        assertThat(((ExtensionHeaderParser.Malformed) ExtensionHeaderParser.parse("x; p=\"a,b\", y")).reason())
                .contains("not a token");
    }

    @Test
    void anEscapedQuoteDoesNotEndTheQuotedString() {
        ExtensionHeaderParser.Result result = ExtensionHeaderParser.parse("x; p=\"a\\\"b\"");
        assertThat(result).isInstanceOfSatisfying(ExtensionHeaderParser.Malformed.class,
                m -> assertThat(m.reason()).contains("not a token"));
    }

    @Test
    void parameterNamesAndValuesKeepTheirCase() {
        assertThat(parse("X-Ext; Mode=Fast")).containsExactly(spec("X-Ext", param("Mode", "Fast")));
    }

    @Test
    void noFieldsIsAnEmptyList() {
        assertThat(parse()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                      // 1#extension: a field holds at least one
        " , ,",                  // only empty elements
        "a b",                   // two tokens without a delimiter
        "a;",                    // a parameter name is missing
        "a; ;b",                 // an empty parameter
        ";a",                    // no extension name
        "a; b=",                 // a value is missing
        "a; b= ,c",              // a value is missing before the comma
        "a; =1",                 // a parameter without a name
        "a; b=1=2",              // a second '='
        "a; b=\"\"",             // an empty quoted value is not a token
        "a; b=\"1 2\"",          // a space in a quoted value is not a token
        "a; b=\"unterminated",   // no closing quote
        "a; b=\"x\\",            // an escape at the end
        "a; b=\"x\"y",           // text after the closing quote
        "\"a\"",                 // a quoted extension name
        "a; \"b\"=1",            // a quoted parameter name
        "a; b=1 2",              // a space inside a token value
        "a/b",                   // '/' is a delimiter, not a tchar
        "a; b=(1)",              // '(' is a delimiter
        "a\u00e9",               // obs-text is not a tchar
        "a; b=\"\u0001\"",       // a control character in quotes
    })
    void malformedInputIsAValueNotAnException(String field) {
        assertThat(ExtensionHeaderParser.parse(field)).isInstanceOfSatisfying(ExtensionHeaderParser.Malformed.class,
                m -> assertThat(m.reason()).startsWith("malformed Sec-WebSocket-Extensions"));
    }

    @Test
    void oneMalformedFieldMakesTheWholeHeaderMalformed() {
        assertThat(ExtensionHeaderParser.parse(List.of("a", "b;"))).isInstanceOf(ExtensionHeaderParser.Malformed.class);
        assertThat(ExtensionHeaderParser.parse(List.of("a", ""))).isInstanceOf(ExtensionHeaderParser.Malformed.class);
    }

    @Test
    void whatToHeaderValueWritesParsesBack() {
        ExtensionSpec spec = spec("permessage-deflate", ExtensionParameter.flag("server_no_context_takeover"),
                param("client_max_window_bits", "15"));
        assertThat(parse(spec.toHeaderValue())).containsExactly(spec);
    }
}
