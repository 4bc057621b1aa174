from django.urls import path

from . import views

app_name = "shop"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("goods/<int:pk>/redeem/", views.redeem, name="redeem"),
    path("pickups/", views.pickups, name="pickups"),
    path("redemptions/<int:pk>/pick-up/", views.pick_up, name="pick_up"),
    path("redemptions/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("shops/", views.shops, name="shops"),
    path("shops/<int:pk>/", views.shop, name="shop"),
    path("shops/<int:pk>/statement/", views.statement, name="statement"),
    path("shops/<int:pk>/goods/", views.goods_add, name="goods_add"),
    path("shops/<int:pk>/stock-in/", views.goods_stock_in, name="stock_in"),
    path("shops/<int:pk>/write-off/", views.goods_write_off, name="write_off"),
]
