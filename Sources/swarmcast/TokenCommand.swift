import ArgumentParser
import Foundation
import SwarmcastWire

/// `swarmcast token`: mint a speaker token for a server started with --speaker-secret.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a speaker token (ROOM.EXPIRY.HMAC-SHA256) for a server run with --speaker-secret."
    )

    @Option(help: "The server's secret (or $SWARMCAST_SPEAKER_SECRET).")
    var secret: String?
    @Option(help: "Room the token lets its holder speak in.")
    var room: UInt32 = 1
    @Option(help: "How long the token is valid, in seconds.")
    var ttl: UInt64 = 3600

    func run() throws {
        guard let secret = secret ?? ProcessInfo.processInfo.environment["SWARMCAST_SPEAKER_SECRET"] else {
            throw ValidationError("give --secret SECRET or set SWARMCAST_SPEAKER_SECRET")
        }
        print(SpeakerToken.mint(secret: secret, room: room, expiry: UInt64(Date().timeIntervalSince1970) + ttl))
    }
}
