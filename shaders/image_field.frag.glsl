// Draws an image field into the bound viewport (ImageFieldRenderer): its colour, its gradient magnitude or its
// Laplacian per source pixel. VIEW_MODE is defined before this file: 0 value, 1 gradient magnitude, 2 Laplacian.

#include <nsdf_network>

uniform vec4 u_viewport;         // the target viewport: x, y, width, height in pixels
uniform vec2 u_uvTopLeft;        // uv at the viewport's top-left corner
uniform vec2 u_uvPerPixel;       // uv per viewport pixel, x right and y down
uniform float u_checkerPixels;   // size of a checkerboard square, in viewport pixels
uniform float u_derivativeScale; // derivative views: the value per source pixel shown as white
uniform int u_laplacianTaps;     // 4; a uniform, so the compiler cannot unroll the taps into four inlined networks
out vec4 fragColor;

// The Laplacian's finite-difference step, in source pixels (see laplacianColor).
const float LAPLACIAN_STEP_PIXELS = 0.25;
const vec3 OUTSIDE_COLOR = vec3(0.09, 0.09, 0.10);

// Under transparent parts of the image.
vec3 checkerColor(vec2 pixel)
{
    ivec2 square = ivec2(floor(pixel / u_checkerPixels));
    return ((square.x + square.y) & 1) == 0 ? vec3(0.40) : vec3(0.60);
}

vec3 valueColor(vec2 uv, vec2 pixel)
{
    vec4 c = clamp(nsdf_color(uv), 0.0, 1.0);
    return mix(checkerColor(pixel), c.rgb, c.a);
}

// |grad c| per source pixel: a source pixel is 1/width of u and 1/height of v.
vec3 gradientColor(vec2 uv)
{
    vec4 ddu, ddv;
    nsdf_color_derivatives(uv, ddu, ddv);
    vec3 du = ddu.rgb / NSDF_SIZE.x, dv = ddv.rgb / NSDF_SIZE.y;
    return sqrt(du * du + dv * dv) / u_derivativeScale;
}

// The baked shader has analytic first derivatives only, so the second derivatives are central differences of
// those, a quarter source pixel either side: d2c/du2 ~ (ddu(u + h) - ddu(u - h)) / 2h with h = k / width, and per
// source pixel d2c/dx2 = d2c/du2 / width^2 = (ddu(u + h) - ddu(u - h)) / (2 k width); the same along v. The error
// is O(h^2) against the CPU's exact second derivatives; the step is small against the field's detail and large
// enough that float rounding of the differences stays below what 8 bits show.
vec3 laplacianColor(vec2 uv)
{
    vec2 h = LAPLACIAN_STEP_PIXELS / NSDF_SIZE;
    vec3 laplacian = vec3(0.0);
    for (int tap = 0; tap < u_laplacianTaps; ++tap)
    {
        int axis = tap >> 1;
        float side = (tap & 1) == 0 ? 1.0 : -1.0;
        vec2 offset = axis == 0 ? vec2(side * h.x, 0.0) : vec2(0.0, side * h.y);
        vec4 ddu, ddv;
        nsdf_color_derivatives(uv + offset, ddu, ddv);
        laplacian += side * (axis == 0 ? ddu.rgb / NSDF_SIZE.x : ddv.rgb / NSDF_SIZE.y);
    }
    laplacian /= 2.0 * LAPLACIAN_STEP_PIXELS;
    return 0.5 + 0.5 * laplacian / u_derivativeScale;
}

void main()
{
    vec2 pixel = vec2(gl_FragCoord.x - u_viewport.x, u_viewport.y + u_viewport.w - gl_FragCoord.y);
    vec2 uv = u_uvTopLeft + pixel * u_uvPerPixel;
    if (any(lessThan(uv, vec2(0.0))) || any(greaterThan(uv, vec2(1.0))))
    {
        fragColor = vec4(OUTSIDE_COLOR, 1.0);
        return;
    }
#if VIEW_MODE == 0
    vec3 color = valueColor(uv, pixel);
#elif VIEW_MODE == 1
    vec3 color = gradientColor(uv);
#else
    vec3 color = laplacianColor(uv);
#endif
    fragColor = vec4(clamp(color, 0.0, 1.0), 1.0);
}
