package io.duplex.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The chat's input rules and the members of a room, without a server. */
class DemoChatInputTest {

    @Test
    void nicknamesAreTrimmedAndCountedInCharacters() {
        assertThat(ChatInput.nick("  ada lovelace \t")).isEqualTo("ada lovelace");
        assertThat(ChatInput.nick("\uD83D\uDE00".repeat(24))).hasSize(48);
        for (Object bad : new Object[] {null, 7, "", "   ", "a".repeat(25), "tab\there", "n\nl", "del\u007f",
                "c1\u0085", "line\u2028sep"}) {
            assertThatThrownBy(() -> ChatInput.nick(bad)).isInstanceOf(BadMessage.class)
                    .extracting(e -> ((BadMessage) e).code()).isEqualTo("bad-nick");
        }
    }

    @Test
    void roomsAreLowerCasedAndPlain() {
        assertThat(ChatInput.room(" Lobby ")).isEqualTo("lobby");
        assertThat(ChatInput.room("team_7-b")).isEqualTo("team_7-b");
        for (Object bad : new Object[] {null, "", "-x", "a b", "a:b", "é", "r".repeat(33)}) {
            assertThatThrownBy(() -> ChatInput.room(bad)).isInstanceOf(BadMessage.class);
        }
    }

    @Test
    void messagesKeepNewLinesAndTabsOnly() {
        assertThat(ChatInput.text(" two\nlines\tand a tab ")).isEqualTo("two\nlines\tand a tab");
        assertThatThrownBy(() -> ChatInput.text("bell\u0007")).extracting(e -> ((BadMessage) e).code())
                .isEqualTo("bad-text");
        assertThatThrownBy(() -> ChatInput.text(" \u2003\n")).extracting(e -> ((BadMessage) e).code())
                .isEqualTo("empty-message");
        assertThat(ChatInput.text("\uD83D\uDE00".repeat(ChatInput.MAX_TEXT))).isNotEmpty();
        assertThatThrownBy(() -> ChatInput.text("\uD83D\uDE00".repeat(ChatInput.MAX_TEXT + 1)))
                .extracting(e -> ((BadMessage) e).code()).isEqualTo("too-long");
    }

    @Test
    void uniqueNicknamesTakeTheFirstFreeSuffix() {
        assertThat(ChatInput.unique("ada", List.of("bob"))).isEqualTo("ada");
        assertThat(ChatInput.unique("ada", List.of("Ada", "ADA-2"))).isEqualTo("ada-3");
        String emoji = "\uD83D\uDE00".repeat(24);
        // Shortened by whole characters, never between the halves of a surrogate pair.
        assertThat(ChatInput.unique(emoji, List.of(emoji))).isEqualTo("\uD83D\uDE00".repeat(22) + "-2");
    }

    @Test
    void aRoomListsLocalAndRemoteMembersTogether() {
        RoomMembers<String> room = new RoomMembers<>();
        assertThat(room.add("ws1", "bob")).isEqualTo("bob");
        assertThat(room.update("node-b", List.of("Ada", "cyd"), 0)).isTrue();
        assertThat(room.update("node-b", List.of("Ada", "cyd"), 0)).isFalse();
        assertThat(room.add("ws2", "ada")).isEqualTo("ada-2");
        assertThat(room.all()).containsExactly("Ada", "ada-2", "bob", "cyd");
        assertThat(room.localNicks()).containsExactly("bob", "ada-2");
        assertThat(room.update("node-b", List.of(), 0)).isTrue();
        assertThat(room.remove("ws1")).isEqualTo("bob");
        assertThat(room.all()).containsExactly("ada-2");
        assertThat(room.remove("ws2")).isEqualTo("ada-2");
        assertThat(room.isEmptyHere()).isTrue();
    }

    @Test
    void theMembersOfANodeThatStopsAnnouncingAreForgotten() {
        RoomMembers<String> room = new RoomMembers<>();
        room.add("ws1", "bob");
        room.update("node-b", List.of("ada"), 0);
        room.update("node-c", List.of("cyd"), 70);
        assertThat(room.forgetSilentNodes(100, 50)).as("b silent for 100").isTrue();
        assertThat(room.all()).containsExactly("bob", "cyd");
        assertThat(room.forgetSilentNodes(110, 50)).as("c heard 40 ago").isFalse();
        room.update("node-c", List.of("cyd"), 200);
        assertThat(room.forgetSilentNodes(240, 50)).isFalse();
        assertThat(room.forgetSilentNodes(251, 50)).isTrue();
        assertThat(room.all()).containsExactly("bob");
    }
}
