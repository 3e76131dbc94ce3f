"""HarfBuzz, directly: shaping text the way Pango does, to choose and to check the glyph order
of the letters' fonts (`portal.letter_fonts`)."""

import io

import cffi

# The language the letters are shaped for (what Pango passes for lang="zh-CN").
LANGUAGE = b"zh-cn"

_ffi = cffi.FFI()
_ffi.cdef(
    """
    typedef struct hb_blob_t hb_blob_t;
    typedef struct hb_face_t hb_face_t;
    typedef struct hb_font_t hb_font_t;
    typedef struct hb_buffer_t hb_buffer_t;
    typedef const struct hb_language_impl_t *hb_language_t;
    typedef uint32_t hb_codepoint_t;
    typedef uint32_t hb_tag_t;
    typedef int32_t hb_position_t;
    typedef union { uint32_t u32; int32_t i32; uint16_t u16[2]; int16_t i16[2];
                    uint8_t u8[4]; int8_t i8[4]; } hb_var_int_t;
    typedef struct { hb_codepoint_t codepoint; uint32_t mask; uint32_t cluster;
                     hb_var_int_t var1; hb_var_int_t var2; } hb_glyph_info_t;
    typedef struct { hb_position_t x_advance; hb_position_t y_advance; hb_position_t x_offset;
                     hb_position_t y_offset; hb_var_int_t var; } hb_glyph_position_t;
    typedef struct { hb_tag_t tag; uint32_t value; unsigned int start; unsigned int end; }
        hb_feature_t;
    hb_blob_t *hb_blob_create(const char *data, unsigned int length, int mode,
                              void *user_data, void *destroy);
    void hb_blob_destroy(hb_blob_t *blob);
    hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
    void hb_face_destroy(hb_face_t *face);
    hb_font_t *hb_font_create(hb_face_t *face);
    void hb_font_destroy(hb_font_t *font);
    hb_buffer_t *hb_buffer_create(void);
    void hb_buffer_destroy(hb_buffer_t *buffer);
    void hb_buffer_clear_contents(hb_buffer_t *buffer);
    void hb_buffer_add_codepoints(hb_buffer_t *buffer, const hb_codepoint_t *text,
                                  int text_length, unsigned int item_offset, int item_length);
    void hb_buffer_set_direction(hb_buffer_t *buffer, int direction);
    void hb_buffer_set_language(hb_buffer_t *buffer, hb_language_t language);
    void hb_buffer_guess_segment_properties(hb_buffer_t *buffer);
    hb_language_t hb_language_from_string(const char *str, int len);
    int hb_feature_from_string(const char *str, int len, hb_feature_t *feature);
    void hb_shape(hb_font_t *font, hb_buffer_t *buffer, const hb_feature_t *features,
                  unsigned int num_features);
    unsigned int hb_buffer_get_length(hb_buffer_t *buffer);
    hb_glyph_info_t *hb_buffer_get_glyph_infos(hb_buffer_t *buffer, unsigned int *length);
    hb_glyph_position_t *hb_buffer_get_glyph_positions(hb_buffer_t *buffer,
                                                       unsigned int *length);
    """
)
_DIRECTIONS = {"ltr": 4, "ttb": 6}
_harfbuzz = None


def _hb():
    global _harfbuzz
    if _harfbuzz is None:
        for name in ("libharfbuzz.so.0", "harfbuzz", "libharfbuzz-0.dll", "libharfbuzz.0.dylib"):
            try:
                _harfbuzz = _ffi.dlopen(name)
                break
            except OSError:
                continue
        else:
            raise OSError("HarfBuzz (libharfbuzz0b) is missing")
    return _harfbuzz


class Shaper:
    """One font face in HarfBuzz, shaping lists of code points."""

    def __init__(self, font_file, index: int):
        data = font_file.getvalue() if isinstance(font_file, io.BytesIO) else font_file.read_bytes()
        self.hb = _hb()
        self._data = _ffi.from_buffer(data)  # kept alive as long as the blob
        self.blob = self.hb.hb_blob_create(self._data, len(data), 1, _ffi.NULL, _ffi.NULL)
        self.face = self.hb.hb_face_create(self.blob, index)
        self.font = self.hb.hb_font_create(self.face)
        self.buffer = self.hb.hb_buffer_create()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.hb.hb_buffer_destroy(self.buffer)
        self.hb.hb_font_destroy(self.font)
        self.hb.hb_face_destroy(self.face)
        self.hb.hb_blob_destroy(self.blob)

    def shape(self, codepoints, direction="ltr", language=LANGUAGE, feature=b""):
        """Glyph ids and (advances, offsets) of the shaped code points."""
        hb, buffer = self.hb, self.buffer
        hb.hb_buffer_clear_contents(buffer)
        text = _ffi.new("hb_codepoint_t[]", list(codepoints))
        hb.hb_buffer_add_codepoints(buffer, text, len(codepoints), 0, len(codepoints))
        hb.hb_buffer_set_direction(buffer, _DIRECTIONS[direction])
        hb.hb_buffer_set_language(buffer, hb.hb_language_from_string(language, -1))
        hb.hb_buffer_guess_segment_properties(buffer)
        features, count = _ffi.NULL, 0
        if feature:
            features, count = _ffi.new("hb_feature_t[1]"), 1
            hb.hb_feature_from_string(feature, -1, features)
        hb.hb_shape(self.font, buffer, features, count)
        length = hb.hb_buffer_get_length(buffer)
        infos = hb.hb_buffer_get_glyph_infos(buffer, _ffi.NULL)
        positions = hb.hb_buffer_get_glyph_positions(buffer, _ffi.NULL)
        glyphs = [infos[i].codepoint for i in range(length)]
        placed = [
            (p.x_advance, p.y_advance, p.x_offset, p.y_offset)
            for p in (positions[i] for i in range(length))
        ]
        return glyphs, placed
