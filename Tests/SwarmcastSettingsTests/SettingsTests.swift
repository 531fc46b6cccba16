import Foundation
import SwarmcastSettings
import Testing

struct SettingsTests {
    @Test func everyFieldRoundTripsThroughJSONExactly() throws {
        var s = ServerSettings()
        s.rooms = 7
        s.handshakeTimeout = .nanoseconds(1_234_567_891)
        s.maxRoomListeners = 42
        s.speakerSecret = "correct horse"
        s.slowListener = .disconnect
        let data = try JSONEncoder().encode(s)
        let back = try JSONDecoder().decode(ServerSettings.self, from: data)
        #expect(back == s)
        #expect(String(decoding: data, as: UTF8.self).contains("\"1.234567891s\""))
    }

    @Test func unknownKeyInJSONIsAnErrorNamingIt() {
        let json = Data(#"{"rooms": 2, "romos": 3}"#.utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(ServerSettings.self, from: json) }
        do {
            _ = try ServerSettings(values: ["romos": .int(3)])
            Issue.record("accepted an unknown key")
        } catch {
            #expect(error.key == "server.romos")
            #expect(error.message.contains("unknown setting"))
        }
    }

    @Test func boundsAreCheckedOnAssignmentAndByValidate() throws {
        var s = ServerSettings()
        #expect(throws: SettingsError.self) { try ServerSettings.field("rooms")!.assign(text: "0", to: &s) }
        s.rooms = 0
        #expect(throws: SettingsError.self) { try s.validate() }
        s.rooms = 3
        try s.validate()
    }

    @Test func flagsAreReadByTheDeclarationsAndLeaveOtherTokens() throws {
        var tokens = ["--listen", "127.0.0.1:1", "--max-listeners", "500", "--slow-listener=disconnect", "--frame-interval", "10ms", "--reconnect", "--seed", "9"]
        var server = ServerSettings()
        var audio = AudioSettings()
        var listeners = ListenerSettings()
        try SettingsFlags.take(from: &tokens, into: &server)
        try SettingsFlags.take(from: &tokens, into: &audio)
        try SettingsFlags.take(from: &tokens, into: &listeners)
        #expect(tokens == ["--listen", "127.0.0.1:1"])
        #expect(server.maxListeners == 500)
        #expect(server.slowListener == .disconnect)
        #expect(audio.frameInterval == .milliseconds(10))
        #expect(listeners.reconnect)
        #expect(listeners.seed == 9)
    }

    @Test func badFlagValueNamesTheFlagAndTheValue() {
        var tokens = ["--payload-bytes", "lots"]
        var audio = AudioSettings()
        do {
            try SettingsFlags.take(from: &tokens, into: &audio)
            Issue.record("accepted a bad value")
        } catch {
            #expect(error.description == "--payload-bytes: must be a whole number (got 'lots')")
        }
    }

    @Test func bitRateFollowsPayloadAndFrameInterval() {
        var audio = AudioSettings()
        #expect(audio.kilobitsPerSecond == 32)
        audio.payloadBytes = 40
        #expect(audio.kilobitsPerSecond == 16)
    }

    @Test func everyFieldHasADocAndAUniqueKey() {
        func check<G: SettingsGroup>(_: G.Type) {
            let keys = G.fields.map(\.key)
            #expect(Set(keys).count == keys.count, "duplicate key in \(G.section)")
            for f in G.fields { #expect(!f.doc.isEmpty, "\(G.section).\(f.key) has no doc") }
            for f in G.fields { #expect(G.helpText.contains("  \(f.flag)"), "\(f.flag) missing from help") }
            #expect(G.helpText.split(separator: "\n").allSatisfy { $0.count <= 80 })
        }
        check(ServerSettings.self)
        check(AudioSettings.self)
        check(ListenerSettings.self)
    }

    @Test func changedValuesListOnlyWhatDiffersFromTheDefaults() {
        var l = ListenerSettings()
        l.lateAfter = .seconds(2)
        #expect(l.changedValues == ["late_after": .text("2s")])
    }
}
