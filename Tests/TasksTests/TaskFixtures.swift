import Foundation
import UIHierarchy

/// A hand-made page with every case the targets distinguish.
enum TaskFixtures {
  static let page = """
    <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
    <hierarchy rotation="0">
      <node index="0" text="" resource-id="" class="android.widget.FrameLayout" package="ctrip.android.view" content-desc="" clickable="false" scrollable="false" bounds="[0,0][720,1280]">
        <node index="0" text="" resource-id="ctrip.android.view:id/city_row" class="android.widget.LinearLayout" package="ctrip.android.view" content-desc="" clickable="true" scrollable="false" bounds="[0,100][720,180]">
          <node index="0" text="上海" resource-id="ctrip.android.view:id/city" class="android.widget.TextView" package="ctrip.android.view" content-desc="" clickable="false" scrollable="false" bounds="[20,110][200,170]" />
        </node>
        <node index="1" text="" resource-id="" class="android.widget.ImageView" package="ctrip.android.view" content-desc="定位" clickable="true" scrollable="false" bounds="[600,110][700,170]" />
        <node index="2" text="" resource-id="ctrip.android.view:id/search_box" class="android.widget.EditText" package="ctrip.android.view" content-desc="" clickable="true" scrollable="false" bounds="[0,200][720,280]" />
        <node index="3" text="北京" resource-id="ctrip.android.view:id/to" class="android.widget.EditText" package="ctrip.android.view" content-desc="" clickable="true" scrollable="false" bounds="[0,300][720,380]" />
        <node index="4" text="" resource-id="" class="android.widget.ImageView" package="ctrip.android.view" content-desc="" clickable="true" scrollable="false" bounds="[0,400][100,480]" />
        <node index="5" text="" resource-id="ctrip.android.view:id/list" class="androidx.recyclerview.widget.RecyclerView" package="ctrip.android.view" content-desc="" clickable="false" scrollable="true" bounds="[0,500][720,1180]">
          <node index="0" text="酒店" resource-id="" class="android.widget.TextView" package="ctrip.android.view" content-desc="" clickable="false" scrollable="false" bounds="[0,500][720,600]" />
          <node index="1" text="机票" resource-id="" class="android.widget.TextView" package="ctrip.android.view" content-desc="" clickable="true" scrollable="false" bounds="[0,600][720,700]" />
        </node>
        <node index="6" text="标题" resource-id="" class="android.widget.FrameLayout" package="ctrip.android.view" content-desc="" clickable="false" scrollable="false" bounds="[0,20][720,90]">
          <node index="0" text="副标题" resource-id="" class="android.widget.TextView" package="ctrip.android.view" content-desc="" clickable="false" scrollable="false" bounds="[0,40][720,80]" />
        </node>
      </node>
    </hierarchy>
    """

  static var tree: UITree {
    get throws { try UITree(parsing: Array(page.utf8), source: "fixture.xml") }
  }
}
