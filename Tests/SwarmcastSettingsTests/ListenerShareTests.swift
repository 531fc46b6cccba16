import Foundation
import SwarmcastSettings
import Testing

/// `listeners.decode`: a share or a number of listeners, read from YAML values, flags and JSON.
struct ListenerShareTests {
    @Test func readsPercentagesFractionsAndCounts() {
        #expect(ListenerShare(text: "1%") == .fraction(0.01))
        #expect(ListenerShare(text: "0.5%") == .fraction(0.005))
        #expect(ListenerShare(text: "0.01") == .fraction(0.01))
        #expect(ListenerShare(text: "20") == .count(20))
        #expect(ListenerShare(text: "1_000") == .count(1000))
        for bad in ["101%", "-1", "-2%", "lots", "1.5", ""] { #expect(ListenerShare(text: bad) == nil, "\(bad)") }
    }

    @Test func countsOfATotal() {
        #expect(ListenerShare.fraction(0.01).of(2000) == 20)
        #expect(ListenerShare.fraction(0.01).of(50) == 1, "a share above 0 of some listeners is never none")
        #expect(ListenerShare.count(20).of(5) == 5)
        #expect(ListenerShare.none.of(1000) == 0 && ListenerShare.none.isNone)
        #expect(ListenerShare.fraction(1).of(Int.max) == Int.max)
        #expect(!ListenerShare.fraction(0.01).isNone)
    }

    @Test func flagYAMLValuesAndJSONAllFillTheDeclaredSetting() throws {
        var tokens = ["--decode", "1%"]
        var listeners = ListenerSettings()
        try SettingsFlags.take(from: &tokens, into: &listeners)
        #expect(listeners.decode == .fraction(0.01) && tokens.isEmpty)
        let field = ListenerSettings.field("decode")!
        try field.assign(.int(20), to: &listeners)
        #expect(listeners.decode == .count(20))
        try field.assign(.double(0.02), to: &listeners)
        #expect(listeners.decode == .fraction(0.02))
        let back = try JSONDecoder().decode(ListenerSettings.self, from: JSONEncoder().encode(listeners))
        #expect(back.decode == .fraction(0.02))
        #expect(ListenerSettings().decode.isNone, "off by default")
    }

    @Test func aBadValueNamesTheFlagAndTheValue() {
        var tokens = ["--decode", "150%"]
        var listeners = ListenerSettings()
        do {
            try SettingsFlags.take(from: &tokens, into: &listeners)
            Issue.record("accepted 150%")
        } catch {
            #expect(error.key == "--decode" && error.value == "150%")
            #expect(error.message.contains("percentage"))
        }
    }
}
