#ifndef SWARMCAST_COPUS_SHIM_H
#define SWARMCAST_COPUS_SHIM_H
// libopus, for the built-in speakers' voice (SwarmcastAudio.OpusVoiceLoop encodes it once) and the
// decoded listeners (SwarmcastAudio.OpusFrameDecoder), who decode what they receive and score it
// against that voice. Muxers and undecoded listeners only copy the encoded packets.
//
// opus_encoder_ctl is variadic, which Swift cannot call: the few requests Swarmcast makes are
// wrapped here as plain functions.
#include <opus.h>

static inline int swarmcast_opus_set_bitrate(OpusEncoder *e, opus_int32 bps) { return opus_encoder_ctl(e, OPUS_SET_BITRATE(bps)); }
static inline int swarmcast_opus_set_vbr(OpusEncoder *e, opus_int32 on) { return opus_encoder_ctl(e, OPUS_SET_VBR(on)); }
static inline int swarmcast_opus_set_signal_voice(OpusEncoder *e) { return opus_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)); }
static inline int swarmcast_opus_get_lookahead(OpusEncoder *e, opus_int32 *out) { return opus_encoder_ctl(e, OPUS_GET_LOOKAHEAD(out)); }
static inline int swarmcast_opus_encoder_reset(OpusEncoder *e) { return opus_encoder_ctl(e, OPUS_RESET_STATE); }
static inline int swarmcast_opus_decoder_reset(OpusDecoder *d) { return opus_decoder_ctl(d, OPUS_RESET_STATE); }
#endif
