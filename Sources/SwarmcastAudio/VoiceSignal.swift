import Foundation

/// A voice-like test signal for the built-in speakers: a gliding 110–150 Hz fundamental with
/// five harmonics under a syllable-rate (4 per second) envelope, with a pause every two seconds,
/// so that a person listening to a room hears "someone talking" and can tell stalls and gaps.
/// The pitch glides once per loop (not once per 2 s), so no two moments of the loop sound alike:
/// decoded listeners tell audio from another moment or seat by its waveform.
///
/// Every component is periodic over `loopSeconds` (whole cycles of pitch glide, envelope and
/// phrase), so a precomputed loop repeats without a click.
public enum VoiceSignal {
    public static let sampleRate = 48_000
    /// Seconds of signal before it repeats.
    public static let loopSeconds = 4

    /// The whole loop as 16-bit mono PCM at 48 kHz.
    public static func loopSamples() -> [Int16] {
        let count = sampleRate * loopSeconds
        var out = [Int16](repeating: 0, count: count)
        let harmonicLevels: [Double] = [1.0, 0.6, 0.45, 0.25, 0.15, 0.08]
        var phase = 0.0
        for i in 0..<count {
            let t = Double(i) / Double(sampleRate)
            // Pitch glides once per loop; its integral over the loop is a whole number of cycles.
            let f0 = 130 + 20 * sin(2 * .pi * t / Double(loopSeconds))
            phase += 2 * .pi * f0 / Double(sampleRate)
            var s = 0.0
            for (k, level) in harmonicLevels.enumerated() { s += level * sin(Double(k + 1) * phase) }
            // Syllables: 4 per second, each a smooth bump; the last half second of every 2 s is a pause.
            let syllable = pow(max(0, sin(2 * .pi * 4 * t)), 2)
            let phrase = t.truncatingRemainder(dividingBy: 2) < 1.5 ? 1.0 : 0.0
            out[i] = Int16((0.18 * s * syllable * phrase * 32767).rounded())
        }
        return out
    }
}
