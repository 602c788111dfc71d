//! Map links of a record page: https links that open 高德, 百度 or 腾讯 maps (inside WeChat too)
//! at the place.

use crate::model::Location;

use crate::model::urls::percent as pct;

/// 腾讯's marker parameter splits on `;` and `:`: keep them out of names and addresses.
fn field(s: &str) -> String {
    s.replace(';', "；").replace(':', "：")
}

/// https map links (they open inside WeChat) for 高德 (GCJ-02, lon,lat), 百度 (BD-09, lat,lng)
/// and 腾讯 (GCJ-02, lat,lng), from a WGS-84 point.
pub fn nav_links(name: &str, address: Option<&str>, location: Location) -> Vec<(&'static str, String)> {
    let g = crate::model::geo::wgs84_to_gcj02(location);
    let b = crate::model::geo::gcj02_to_bd09(g);
    let addr = address.unwrap_or("");
    vec![
        (
            "高德地图",
            format!("https://uri.amap.com/marker?position={:.6},{:.6}&name={}&coordinate=gaode&src=qingdan", g.lng, g.lat, pct(name)),
        ),
        (
            "百度地图",
            format!(
                "https://api.map.baidu.com/marker?location={:.6},{:.6}&title={}&content={}&coord_type=bd09ll&output=html&src=webapp.qingdan.site",
                b.lat,
                b.lng,
                pct(name),
                pct(if addr.is_empty() { name } else { addr })
            ),
        ),
        (
            "腾讯地图",
            format!(
                "https://apis.map.qq.com/uri/v1/marker?marker=coord:{:.6},{:.6};title:{};addr:{}&referer=qingdan",
                g.lat,
                g.lng,
                pct(&field(name)),
                pct(&field(addr))
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_percent_encoded() {
        let links = nav_links("A&B 馆;x", Some("路:1"), Location { lat: 46.0843, lng: 122.0712 });
        assert_eq!(links.len(), 3);
        assert!(links[0].1.contains("name=A%26B%20%E9%A6%86%3Bx"), "{}", links[0].1);
        assert!(links[2].1.contains("title:A%26B%20%E9%A6%86%EF%BC%9Bx;addr:%E8%B7%AF%EF%BC%9A1&"), "{}", links[2].1);
    }
}
